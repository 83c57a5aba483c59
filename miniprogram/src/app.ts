import type { PropsWithChildren } from 'react';
import './styles/tokens.css';
import './app.css';

// Zod's Chinese messages are installed by utils/zod-chinese.ts, where input is checked.

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
