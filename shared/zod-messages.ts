import type * as z from 'zod';

type Issue = z.core.$ZodRawIssue;

const sizeUnit: Record<string, string> = { string: '个字', array: '项', set: '项', file: '字节' };

function typeName(expected: string): string {
  switch (expected) {
    case 'int':
      return '整数';
    case 'number':
    case 'bigint':
      return '数字';
    case 'boolean':
      return '是或否';
    case 'array':
      return '列表';
    case 'object':
      return '一组内容';
    case 'string':
      return '文字';
    default:
      return '正确的内容';
  }
}

/**
 * Zod's messages in plain Chinese for a person: no type names, no regular expressions, no English.
 * Schemas that say something better give their own message; this covers the rest. Install it once
 * per entry point with `z.config({ localeError: chineseMessages })`.
 */
export const chineseMessages = (issue: Issue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined || issue.input === null ? '请填写此项' : `应为${typeName(issue.expected)}`;
    case 'too_small': {
      const n = Number(issue.minimum);
      const unit = sizeUnit[issue.origin ?? ''];
      if (unit) return issue.origin === 'string' && n === 1 ? '请填写此项' : `不能少于 ${n} ${unit}`;
      return issue.inclusive === false ? `应大于 ${n}` : `不能小于 ${n}`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      const unit = sizeUnit[issue.origin ?? ''];
      if (unit) return `不能超过 ${n} ${unit}`;
      return issue.inclusive === false ? `应小于 ${n}` : `不能大于 ${n}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? '内容不正确' : '请从给出的选项中选择';
    case 'invalid_format':
      return '格式不正确';
    case 'not_multiple_of':
      return Number(issue.divisor) === 1 ? '请输入整数' : `应为 ${String(issue.divisor)} 的倍数`;
    case 'unrecognized_keys':
      // The field names are English identifiers: they go in the details' path, not in the words.
      return '包含不允许填写的项目';
    case 'invalid_union':
    case 'invalid_key':
    case 'invalid_element':
    case 'custom':
      return '内容不正确';
    default:
      return '内容不正确';
  }
};
