/** The ids of the views package.json contributes. */
export const VIEW_ID = 'hssBackupTasks.tasks';
