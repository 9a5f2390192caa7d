import './icons.js';
import './app.css';
import { render } from 'react-dom';
import { App } from './components/App.jsx';

render(<App />, document.getElementById('root'));
