/** The extension's settings as VS Code holds them, checked by settingsValues.ts; bad ones told in the display language. */
import * as vscode from 'vscode';
import { parseSettings, SECTION, type SettingProblemWords, type Settings } from './settingsValues';

export { type ProjectConfig, SECTION, SETTINGS_QUERY, type Settings } from './settingsValues';

const words: SettingProblemWords = {
  wholeNumber: (key, min, max, fallback) =>
    vscode.l10n.t(
      'Setting "{0}" must be a whole number from {1} to {2}; using {3}.',
      key,
      min,
      max,
      fallback,
    ),
  text: (key) => vscode.l10n.t('Setting "{0}" must be text.', key),
  notUsable: (key, reason) => vscode.l10n.t('Setting "{0}" is not usable: {1}', key, reason),
  projectId: (key) =>
    vscode.l10n.t(
      'Setting "{0}" must be a project id of 1 to 256 characters without spaces or slashes.',
      key,
    ),
  notificationLevel: (key) =>
    vscode.l10n.t('Setting "{0}" must be "failures", "all" or "off"; using "failures".', key),
  projectList: (key) => vscode.l10n.t('Setting "{0}" must be a list of projects.', key),
  projectEntry: (key) =>
    vscode.l10n.t(
      'Setting "{0}" needs a name and a project id (1 to 256 characters, no spaces or slashes).',
      key,
    ),
  projectNameTwice: (key, name) => vscode.l10n.t('Setting "{0}": the name "{1}" is used twice.', key, name),
};

export function readSettings(): Settings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return parseSettings((key) => config.get<unknown>(key), words);
}
