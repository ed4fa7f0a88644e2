import { render } from 'preact';

render(<p>政府网站检查助手</p>, document.getElementById('app')!);
