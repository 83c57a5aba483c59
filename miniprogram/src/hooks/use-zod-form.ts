import { useEffect, useRef, useState } from 'react';
import type * as z from 'zod';
import { ApiError, messageOf } from '../services/request';
import { errorsByPath, errorsFromApi, type FieldErrors } from '../utils/form';
import '../utils/zod-chinese';

export const FIX_FIELDS = '请按提示修改标红的内容';
const KEPT = '（您填写的内容已保留）';

export interface ZodFormOptions<V, I> {
  schema: z.ZodType<I>;
  initial: V;
  /** The body the schema reads, built from what the form holds (blank text dropped, yuan to fen …). */
  toInput?: (values: V) => unknown;
}

export interface SubmitOptions {
  /** A refusal the page explains itself (a duplicate phone, a full slot): return true when handled. */
  onRefused?: (e: ApiError) => boolean;
}

/**
 * A form's whole machine: values, field errors (shown after the first try and kept current while
 * the person types), one submission at a time, and the API's answers turned into field errors or a
 * banner. Retries of one submission reuse its Idempotency-Key (services/request.ts keeps it).
 */
export function useZodForm<V extends object, I>({ schema, initial, toInput }: ZodFormOptions<V, I>) {
  const [values, setValuesState] = useState<V>(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [banner, setBanner] = useState('');
  const [sending, setSending] = useState(false);
  const tried = useRef(false);
  const busy = useRef(false);

  const check = (v: V): { ok: true; data: I } | { ok: false; errors: FieldErrors } => {
    const r = schema.safeParse(toInput ? toInput(v) : v);
    return r.success ? { ok: true, data: r.data } : { ok: false, errors: errorsByPath(r.error.issues) };
  };

  // After a first try, the messages follow what the person types.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a change of the values re-checks
  useEffect(() => {
    if (!tried.current) return;
    const c = check(values);
    setErrors(c.ok ? {} : c.errors);
  }, [values]);

  const setValues = setValuesState;
  const set = <K extends keyof V>(key: K, value: V[K]) => setValuesState((prev) => ({ ...prev, [key]: value }));

  /** Props for a text field bound to `key`: `<FormField label="姓名" {...form.field('name')} />`. */
  const field = <K extends keyof V & string>(key: K) => ({
    id: `field-${key}`,
    value: String(values[key] ?? ''),
    error: errors[key],
    onChange: (v: string) => set(key, v as V[K]),
  });

  /** Validate, then send once; answers true when `send` succeeded. */
  const submit = async (send: (data: I) => Promise<void>, opts: SubmitOptions = {}): Promise<boolean> => {
    if (busy.current) return false;
    tried.current = true;
    setBanner('');
    const c = check(values);
    if (!c.ok) {
      setErrors(c.errors);
      setBanner(FIX_FIELDS);
      return false;
    }
    setErrors({});
    busy.current = true;
    setSending(true);
    try {
      await send(c.data);
      tried.current = false;
      return true;
    } catch (e) {
      if (!(e instanceof ApiError)) {
        setBanner(messageOf(e));
      } else if (e.status === 401) {
        // request() is already on the way to the login page
      } else if (opts.onRefused?.(e)) {
        // the page said what happened
      } else if (e.status === 400 && e.fields.length) {
        setErrors(errorsFromApi(e.fields));
        setBanner(FIX_FIELDS);
      } else {
        setBanner(e.retryable ? `${e.message}${KEPT}` : e.message);
      }
      return false;
    } finally {
      busy.current = false;
      setSending(false);
    }
  };

  const reset = (v: V = initial) => {
    tried.current = false;
    setValuesState(v);
    setErrors({});
    setBanner('');
  };

  return { values, set, setValues, field, errors, setErrors, banner, setBanner, sending, submit, reset };
}

export type ZodForm<V extends object, I> = ReturnType<typeof useZodForm<V, I>>;
