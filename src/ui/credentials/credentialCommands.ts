/**
 * Credential commands: an IAM token, an access key pair, or IAM password sign-in. Each new
 * credential is checked with one request before it is saved; a rejected one is never stored and
 * never tried twice. Secrets go to SecretStorage only.
 */
import * as vscode from 'vscode';
import { AccessKeyCredential, type Credential, TokenCredential } from '../../hss/credentials';
import { serviceEndpoint } from '../../hss/endpoint';
import { HssError } from '../../hss/errors';
import { findProjectId, type PasswordSignIn, requestToken, SignedInCredential } from '../../hss/iam';
import type { Session } from '../session/session';
import { SECTION } from '../session/settings';
import { type SessionTarget, cloudTarget as targetOf } from '../session/targets';
import { describeError } from '../shared/errorText';
import type { ExtensionLog } from '../shared/log';
import type { CredentialStore } from './credentialStore';
import { pickCloudProject } from './pickProject';
import { describeSource } from './sourceText';

const MAX_SECRET = 32768;

function required(what: string, max = 256) {
  return (value: string) =>
    value.trim().length === 0
      ? vscode.l10n.t('{0} is required.', what)
      : value.trim().length > max
        ? vscode.l10n.t('{0} has at most {1} characters.', what, max)
        : undefined;
}

async function ask(options: vscode.InputBoxOptions & { title: string }): Promise<string | undefined> {
  const value = await vscode.window.showInputBox({ ignoreFocusOut: true, ...options });
  return value?.trim() || undefined;
}

async function askToConfigure(): Promise<void> {
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Set the region (or endpoint) and project id first.'),
    vscode.l10n.t('Configure Project'),
  );
  if (choice) await vscode.commands.executeCommand('hssBackupTasks.configureProject');
}

type CredentialKind = 'token' | 'accessKey' | 'signIn';

/** Whole sentences per kind of credential, so that every language can word them its own way. */
function credentialWords(kind: CredentialKind) {
  switch (kind) {
    case 'token':
      return {
        checking: vscode.l10n.t('Checking the token…'),
        notSaved: (reason: string) => vscode.l10n.t('The token was not saved: {0}', reason),
        notChecked: (reason: string) => vscode.l10n.t('The token could not be checked: {0}', reason),
      };
    case 'accessKey':
      return {
        checking: vscode.l10n.t('Checking the access key…'),
        notSaved: (reason: string) => vscode.l10n.t('The access key was not saved: {0}', reason),
        notChecked: (reason: string) => vscode.l10n.t('The access key could not be checked: {0}', reason),
      };
    case 'signIn':
      return {
        checking: vscode.l10n.t('Checking access to HSS…'),
        notSaved: (reason: string) =>
          vscode.l10n.t('Signed in, but HSS refused access, so nothing was saved: {0}', reason),
        notChecked: (reason: string) =>
          vscode.l10n.t('Signed in, but HSS could not be reached to check access: {0}', reason),
      };
  }
}

export interface CredentialCommandDeps {
  readonly session: Session;
  readonly credentials: CredentialStore;
  readonly log: ExtensionLog;
}

export function registerCredentialCommands(deps: CredentialCommandDeps): vscode.Disposable[] {
  const { session, credentials, log } = deps;

  /** One request with the new credential. True: save it. */
  const check = async (
    credential: Credential,
    target: SessionTarget,
    kind: CredentialKind,
  ): Promise<boolean> => {
    const words = credentialWords(kind);
    const client = session.clientFor(credential, target);
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: words.checking },
        () => client.listOperationLogs({ offset: 0, limit: 10 }),
      );
      return true;
    } catch (error) {
      const failure = error instanceof HssError ? error : new HssError('network', String(error));
      if (failure.kind === 'credentials' || failure.kind === 'permission' || failure.kind === 'endpoint') {
        void vscode.window.showErrorMessage(words.notSaved(describeError(failure).message));
        return false;
      }
      const save = vscode.l10n.t('Save Anyway');
      const choice = await vscode.window.showWarningMessage(
        words.notChecked(describeError(failure).message),
        save,
      );
      return choice === save;
    }
  };

  /**
   * The cloud project a credential is for: the one project, or with several the one named by the
   * argument or picked by the user. Undefined after telling the user what is missing.
   */
  const cloudTarget = async (
    project?: unknown,
  ): Promise<(SessionTarget & { readonly endpoint: URL }) | undefined> => {
    if (session.multiProject) return pickCloudProject(session, project);
    const target = session.current;
    if (target?.kind !== 'cloud') {
      await askToConfigure();
      return undefined;
    }
    return target;
  };

  return [
    vscode.commands.registerCommand('hssBackupTasks.setToken', async (arg?: unknown, project?: unknown) => {
      const target = await cloudTarget(project);
      if (!target) return;
      const token =
        typeof arg === 'string'
          ? arg.trim()
          : await ask({
              title: vscode.l10n.t('Set IAM Token for {0}', target.label),
              prompt: vscode.l10n.t(
                'An IAM user token (X-Subject-Token). It is kept in VS Code secret storage only.',
              ),
              password: true,
              validateInput: required(vscode.l10n.t('The token'), MAX_SECRET),
            });
      if (!token) return;
      if (!(await check(new TokenCredential(token), target, 'token'))) return;
      await credentials.storeToken(target.endpoint, target.projectId, token);
      log.info(`IAM token saved for project ${target.projectId}`);
      await session.reload();
    }),

    vscode.commands.registerCommand(
      'hssBackupTasks.setAccessKey',
      async (akArg?: unknown, skArg?: unknown, securityTokenArg?: unknown, project?: unknown) => {
        const target = await cloudTarget(project);
        if (!target) return;
        const accessKey =
          typeof akArg === 'string'
            ? akArg.trim()
            : await ask({
                title: vscode.l10n.t('Access Key ID (1/2)'),
                prompt: vscode.l10n.t('The access key id (AK) of an IAM user with HSS read permission.'),
                validateInput: required(vscode.l10n.t('The access key id')),
              });
        if (!accessKey) return;
        const secretKey =
          typeof skArg === 'string'
            ? skArg.trim()
            : await ask({
                title: vscode.l10n.t('Secret Access Key (2/2)'),
                prompt: vscode.l10n.t(
                  'The secret access key (SK). It is kept in VS Code secret storage only.',
                ),
                password: true,
                validateInput: required(vscode.l10n.t('The secret access key')),
              });
        if (!secretKey) return;
        const securityToken =
          typeof securityTokenArg === 'string' ? securityTokenArg.trim() || undefined : undefined;
        const credential = new AccessKeyCredential(accessKey, secretKey, securityToken);
        if (!(await check(credential, target, 'accessKey'))) return;
        await credentials.storeAccessKey(
          target.endpoint,
          target.projectId,
          accessKey,
          secretKey,
          securityToken,
        );
        log.info(`Access key saved for project ${target.projectId}`);
        await session.reload();
      },
    ),

    vscode.commands.registerCommand('hssBackupTasks.signIn', async (arg?: unknown) => {
      const settings = session.settings;
      const given = typeof arg === 'object' && arg !== null ? (arg as Record<string, unknown>) : {};
      // With several projects, the sign-in is for one of them (its region and project id).
      const chosen = session.multiProject ? await cloudTarget(given.project) : undefined;
      if (session.multiProject && !chosen) return;
      const region = chosen?.region ?? settings.region;
      const hssEndpoint = chosen?.endpoint ?? settings.endpoint;
      const iam =
        chosen && !settings.explicitIamEndpoint ? serviceEndpoint('iam', region) : settings.iamEndpoint;
      if (!hssEndpoint || !iam) {
        await askToConfigure();
        return;
      }
      const text = (key: string) => (typeof given[key] === 'string' ? String(given[key]).trim() : undefined);
      const domainName =
        text('domainName') ??
        (await ask({
          title: vscode.l10n.t('Sign In to Huawei Cloud (1/3)'),
          prompt: vscode.l10n.t('Account name (the domain the IAM user belongs to).'),
          validateInput: required(vscode.l10n.t('The account name')),
        }));
      if (!domainName) return;
      const userName =
        text('userName') ??
        (await ask({
          title: vscode.l10n.t('Sign In to Huawei Cloud (2/3)'),
          prompt: vscode.l10n.t('IAM user name.'),
          value: domainName,
          validateInput: required(vscode.l10n.t('The user name')),
        }));
      if (!userName) return;
      const password =
        text('password') ??
        (await ask({
          title: vscode.l10n.t('Sign In to Huawei Cloud (3/3)'),
          prompt: vscode.l10n.t('Password of {0}.', userName),
          password: true,
          validateInput: required(vscode.l10n.t('The password'), 1024),
        }));
      if (!password) return;
      let remember = typeof given.remember === 'boolean' ? given.remember : undefined;
      if (remember === undefined) {
        const keep = vscode.l10n.t('Remember the password');
        const picked = await vscode.window.showQuickPick(
          [
            {
              label: keep,
              detail: vscode.l10n.t(
                'Kept in secret storage; the 24-hour token is renewed before it expires.',
              ),
            },
            {
              label: vscode.l10n.t('Do not remember it'),
              detail: vscode.l10n.t('You sign in again when the token expires (after 24 hours).'),
            },
          ],
          { title: vscode.l10n.t('Keep the Password?'), ignoreFocusOut: true },
        );
        if (!picked) return;
        remember = picked.label === keep;
      }
      const signIn: PasswordSignIn = { userName, password, domainName, region };
      try {
        const token = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Signing in…') },
          () => requestToken(iam, signIn, { timeoutMs: settings.requestTimeoutMs, logger: log }),
        );
        const credential = new SignedInCredential(token, iam, remember ? signIn : undefined);
        let projectId = chosen?.projectId ?? settings.projectId ?? token.projectId;
        if (!projectId) {
          projectId = await findProjectId(iam, region, credential, {
            timeoutMs: settings.requestTimeoutMs,
            logger: log,
          });
        }
        const target =
          chosen ??
          targetOf({ endpoint: hssEndpoint, explicitEndpoint: settings.explicitEndpoint, region, projectId });
        if (!(await check(credential, target, 'signIn'))) return;
        await credentials.storeSignIn(hssEndpoint, projectId, iam, token, remember ? signIn : undefined);
        log.info(
          `Signed in as ${userName} for project ${projectId}${remember ? ' (password remembered)' : ''}`,
        );
        if (!chosen && settings.projectId !== projectId) {
          await vscode.workspace
            .getConfiguration(SECTION)
            .update('projectId', projectId, vscode.ConfigurationTarget.Global);
        }
        await session.reload();
      } catch (error) {
        const failure = error instanceof HssError ? error : new HssError('network', String(error));
        log.warn(`Sign-in failed: ${failure.message}`);
        const reason =
          failure.kind === 'credentials'
            ? vscode.l10n.t(
                'IAM rejected the account name, user name or password. Check them before trying again: repeated failures lock the user.',
              )
            : describeError(failure).message;
        void vscode.window.showErrorMessage(vscode.l10n.t('Sign-in failed: {0}', reason));
      }
    }),

    vscode.commands.registerCommand('hssBackupTasks.signOut', async (project?: unknown) => {
      const target = session.multiProject ? await cloudTarget(project) : session.current;
      if (target?.kind !== 'cloud') return;
      await credentials.delete(target.endpoint, target.projectId);
      log.info(`Credentials removed for project ${target.projectId}`);
      await session.reload();
      // Only what the extension stored is forgotten: say what is still in use, and how to stop it.
      const still = session.slots.find(
        (slot) =>
          slot.target?.projectId === target.projectId && slot.target.endpoint.href === target.endpoint.href,
      )?.credentialSource;
      if (still && still.source.kind !== 'stored') {
        void vscode.window.showInformationMessage(
          vscode.l10n.t(
            'Signed out: the credentials stored in VS Code are forgotten. {0} is still in use; remove it there, or pin another source with "Select Credential Source…".',
            describeSource(still.source),
          ),
        );
      }
    }),
  ];
}
