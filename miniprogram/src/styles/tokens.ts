/** The brand colour for component props that take a colour value, not CSS (equals --brand in tokens.css). */
export const BRAND = '#0f766e';

/** The danger colour for component props (a destructive modal's confirm button; equals --danger). */
export const DANGER = '#b42318';
