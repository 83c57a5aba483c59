import { chineseMessages } from '@shared/zod-messages';
import * as z from 'zod';

// Every message a shared schema gives reaches a person: in Chinese, as on the server. Imported for
// this side effect by the code that checks input against a schema (hooks/use-zod-form), not by the
// app entry: the first screen of the H5 app then loads no zod at all.
z.config({ localeError: chineseMessages });
