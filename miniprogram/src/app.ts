import { chineseMessages } from '@shared/zod-messages';
import type { PropsWithChildren } from 'react';
import * as z from 'zod';
import './styles/tokens.css';
import './app.css';

// Every message a shared schema gives reaches a person: in Chinese, as on the server.
z.config({ localeError: chineseMessages });

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
