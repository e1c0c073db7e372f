/**
 * The environment, as the SDKs read it (Go `env_provider.go`): HUAWEICLOUD_SDK_AK and _SK, with
 * HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys and HUAWEICLOUD_SDK_PROJECT_ID /
 * HUAWEICLOUD_SDK_IAM_ENDPOINT beside them. Read on every call, so a changed variable is seen.
 */
import { AccessKeyCredential } from '../credentials';
import { type CredentialProvider, fingerprintOf, present, type SourceInfo, type SourceResult } from './types';

export const ENV_AK = 'HUAWEICLOUD_SDK_AK';
export const ENV_SK = 'HUAWEICLOUD_SDK_SK';
export const ENV_SECURITY_TOKEN = 'HUAWEICLOUD_SDK_SECURITY_TOKEN';
export const ENV_PROJECT_ID = 'HUAWEICLOUD_SDK_PROJECT_ID';
export const ENV_IAM_ENDPOINT = 'HUAWEICLOUD_SDK_IAM_ENDPOINT';

const SOURCE: SourceInfo = { kind: 'env', id: 'env', label: ENV_AK };

export function envProvider(env: () => NodeJS.ProcessEnv): CredentialProvider {
  return {
    kind: 'env',
    async resolve(): Promise<SourceResult | undefined> {
      const values = env();
      const accessKey = present(values[ENV_AK]);
      const secretKey = present(values[ENV_SK]);
      if (!accessKey && !secretKey) return undefined;
      if (!accessKey || !secretKey) {
        return {
          status: 'unusable',
          source: SOURCE,
          reason: { code: 'incomplete', missing: accessKey ? ENV_SK : ENV_AK },
        };
      }
      const securityToken = present(values[ENV_SECURITY_TOKEN]);
      return {
        status: 'found',
        source: SOURCE,
        credential: new AccessKeyCredential(accessKey, secretKey, securityToken),
        fingerprint: fingerprintOf(accessKey, secretKey, securityToken),
        projectId: present(values[ENV_PROJECT_ID]),
        iamEndpoint: present(values[ENV_IAM_ENDPOINT]),
      };
    },
  };
}
