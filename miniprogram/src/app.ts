import type { PropsWithChildren } from 'react';
import './styles/tokens.css';
import './app.css';

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
