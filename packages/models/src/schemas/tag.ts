// Cluster resource tags, batch create and delete (spec 04, section 4.5). The create and delete
// tables allow different special characters; they are kept as the reference states them.
import { Type } from '@sinclair/typebox';
import { ResponseObject } from './common.js';

/** At most 20 resource tags per cluster. */
export const maxClusterTags = 20;

const cjk = '\\u4e00-\\u9fa5';

export const ResourceTag = ResponseObject(
  {
    key: Type.String({
      description: 'Tag key: 1-128 characters of letters, digits, Chinese characters, spaces and `_ . : = + - @`; no leading or trailing space; must not start with `_sys_`.',
      minLength: 1, maxLength: 128,
      pattern: `^(?!_sys_)(?! )[A-Za-z0-9${cjk} _.:=+\\-@]+(?<! )$`,
      errorMessage: 'must be 1 to 128 characters of letters, digits, Chinese characters, spaces or _ . : = + - @, not start or end with a space, and not start with _sys_',
    }),
    // "May be empty but must not be omitted" (可以为空但不能缺省).
    value: Type.String({
      description: 'Tag value: may be empty but must be present; at most 255 characters of letters, digits, Chinese characters, spaces and `_ . : / = - + @`.',
      maxLength: 255,
      pattern: `^[A-Za-z0-9${cjk} _.:/=+\\-@]*$`,
      errorMessage: 'must be at most 255 characters of letters, digits, Chinese characters, spaces or _ . : / = - + @',
    }),
  },
  { description: 'A cluster resource tag to add (Table 4-377).' },
);

export const ResourceDeleteTag = ResponseObject(
  {
    key: Type.String({
      description: 'Tag key: 1-128 characters of letters, digits, Chinese characters, spaces and `_ . : / = - @`; must not start with `_sys_`.',
      minLength: 1, maxLength: 128,
      pattern: `^(?!_sys_)[A-Za-z0-9${cjk} _.:/=\\-@]+$`,
      errorMessage: 'must be 1 to 128 characters of letters, digits, Chinese characters, spaces or _ . : / = - @, and not start with _sys_',
    }),
  },
  { description: 'A cluster resource tag to delete, by key (Table 4-381).' },
);

export const BatchCreateClusterTagsRequestBody = ResponseObject(
  {
    tags: Type.Array(ResourceTag, { description: 'Tags to add; a cluster has at most 20 tags in total.', maxItems: maxClusterTags }),
  },
  { description: 'Body of BatchCreateAutopilotClusterTags (Table 4-376). Idempotent: an existing key gets the new value.' },
);

export const BatchDeleteClusterTagsRequestBody = ResponseObject(
  {
    tags: Type.Array(ResourceDeleteTag, { description: 'Tags to delete (keys only); unknown keys are ignored.' }),
  },
  { description: 'Body of BatchDeleteAutopilotClusterTags (Table 4-380).' },
);
