import { useState } from 'react';
import { OuiButton, OuiCallOut, OuiFieldSearch, OuiFieldText, OuiFormRow, OuiRange, OuiSpacer } from '@opensearch-project/oui';
import { DEFAULTS } from '../query.js';
import { QueryImage } from './QueryImage.jsx';
import { UnknownWords } from './UnknownWords.jsx';

function Weight({ label, value, onChange, test }) {
  return (
    <OuiFormRow label={label} display="columnCompressed">
      <OuiRange min={0} max={2} step={0.1} value={value} showInput compressed data-test={test}
        onChange={(e) => onChange(Number(e.target.value))} />
    </OuiFormRow>
  );
}

/** The text and image inputs, their weights, the text to steer away from, and the Search button. */
export function QueryBar({ state, features, onSearch }) {
  const [draft, setDraft] = useState({
    text: state.text || '',
    image: state.image,
    imageUrl: state.imageUrl,
    negativeText: state.negativeText || '',
    textWeight: state.textWeight ?? DEFAULTS.textWeight,
    imageWeight: state.imageWeight ?? DEFAULTS.imageWeight,
    negativeWeight: state.negativeWeight ?? DEFAULTS.negativeWeight,
  });
  const [problem, setProblem] = useState(null);
  const set = (changes) => setDraft((d) => ({ ...d, ...changes }));

  const submit = (event) => {
    if (event) event.preventDefault();
    setProblem(null);
    if (!draft.text.trim() && !draft.image) { setProblem('Type a text or give an image to search with.'); return; }
    onSearch({ ...draft, negativeText: features.negativeText ? draft.negativeText : undefined });
  };

  return (
    <form onSubmit={submit} data-test="query-form">
      <div className="clipQueryBar">
        <div className="clipQueryBar__text">
          <OuiFieldSearch fullWidth placeholder="a photo of a cat" value={draft.text} aria-label="Search text"
            data-test="query-text" onChange={(e) => set({ text: e.target.value })} isClearable />
        </div>
        <div className="clipQueryBar__actions">
          <OuiButton type="submit" fill iconType="search" data-test="search-button">Search</OuiButton>
        </div>
      </div>
      <QueryImage image={draft.image} imageUrl={draft.imageUrl} onError={setProblem} onChange={set} />
      {features.negativeText && (
        <>
          <OuiSpacer size="s" />
          <OuiFieldText fullWidth compressed placeholder="but not… (a text to steer away from)" value={draft.negativeText}
            aria-label="Negative text" data-test="negative-text" onChange={(e) => set({ negativeText: e.target.value })} />
          {draft.negativeText && <Weight label="not weight" value={draft.negativeWeight} test="negative-weight"
            onChange={(negativeWeight) => set({ negativeWeight })} />}
        </>
      )}
      {draft.text.trim() && draft.image && (
        <>
          <OuiSpacer size="s" />
          <Weight label="text weight" value={draft.textWeight} test="text-weight" onChange={(textWeight) => set({ textWeight })} />
          <Weight label="image weight" value={draft.imageWeight} test="image-weight" onChange={(imageWeight) => set({ imageWeight })} />
        </>
      )}
      {problem && <><OuiSpacer size="s" /><OuiCallOut size="s" color="warning" title={problem} /></>}
      <UnknownWords text={state.text && state.text.trim()} enabled={features.embed} />
    </form>
  );
}
