// Vite's `?raw` imports (a file's text), as the widget route uses for the widget's source.
declare module '*?raw' {
  const text: string;
  export default text;
}
