import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { chineseMessages } from '../../shared/zod-messages';

/** Every message a schema gives for a value, in the words a person reads. */
function messages(schema: z.ZodType, value: unknown): string[] {
  const out = schema.safeParse(value, { error: chineseMessages });
  expect(out.success).toBe(false);
  return out.error!.issues.map((i) => i.message);
}

const noLatin = (m: string) => expect(m, m).not.toMatch(/[A-Za-z]/);

describe('chineseMessages', () => {
  it('says too short and too long for strings in Chinese, naming the limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 50 }), fc.string({ maxLength: 60 }), (n, s) => {
        const schema = z
          .string()
          .min(n)
          .max(n + 5);
        fc.pre(s.length < n || s.length > n + 5);
        const [m] = messages(schema, s);
        noLatin(m!);
        expect(m).toContain(String(s.length < n ? n : n + 5));
      }),
    );
  });

  it('asks for a required text that is empty', () => {
    expect(messages(z.string().min(1), '')).toEqual(['请填写此项']);
  });

  it('says too small and too big for numbers in Chinese, naming the limit', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -1000, max: 1000 }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: -5000, max: 5000 }),
        fc.boolean(),
        (min, span, x, exclusive) => {
          const max = min + span;
          const schema = exclusive ? z.number().gt(min).lt(max) : z.number().min(min).max(max);
          fc.pre(exclusive ? x <= min || x >= max : x < min || x > max);
          const [m] = messages(schema, x);
          noLatin(m!);
          expect(m).toContain(String(x <= min ? min : max));
        },
      ),
    );
  });

  it('says too few and too many for lists in Chinese', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }), fc.array(fc.integer(), { maxLength: 12 }), (n, xs) => {
        fc.pre(xs.length < n || xs.length > n + 2);
        const [m] = messages(
          z
            .array(z.number())
            .min(n)
            .max(n + 2),
          xs,
        );
        noLatin(m!);
      }),
    );
  });

  it('names the wrong type in Chinese, never its English name', () => {
    const schemas = [z.string(), z.number(), z.number().int(), z.boolean(), z.array(z.string()), z.object({})];
    fc.assert(
      fc.property(fc.constantFrom(...schemas), fc.anything(), (schema, value) => {
        fc.pre(!schema.safeParse(value).success);
        for (const m of messages(schema, value)) noLatin(m);
      }),
    );
  });

  it('asks for a missing field', () => {
    expect(messages(z.object({ name: z.string() }), {})).toEqual(['请填写此项']);
  });

  it('asks to choose among the options for a value that is none of them', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        fc.pre(!['male', 'female'].includes(s));
        expect(messages(z.enum(['male', 'female']), s)).toEqual(['请从给出的选项中选择']);
      }),
    );
  });

  it('says a wrong format in Chinese, never the pattern', () => {
    const formats = [z.string().regex(/^\d{4}$/), z.email(), z.uuid(), z.string().startsWith('sl_')];
    fc.assert(
      fc.property(fc.constantFrom(...formats), fc.string({ maxLength: 20 }), (schema, s) => {
        fc.pre(!schema.safeParse(s).success);
        for (const m of messages(schema, s)) noLatin(m);
      }),
    );
  });

  it('refuses fields it does not know in Chinese, whatever they are called', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,15}$/), (key) => {
        fc.pre(key !== 'name');
        const [m] = messages(z.strictObject({ name: z.string() }), { name: '张三', [key]: 1 });
        noLatin(m!);
      }),
    );
  });
});
