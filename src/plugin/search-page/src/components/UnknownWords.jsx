import { useEffect, useState } from 'react';
import { OuiCallOut, OuiSpacer } from '@opensearch-project/oui';
import { api } from '../api.js';

/** "The model does not know: …" for the words of a text that POST _plugins/_clip/_embed reports as unknown. */
export function UnknownWords({ text, enabled }) {
  const [unknown, setUnknown] = useState([]);
  useEffect(() => {
    setUnknown([]);
    if (!enabled || !text) return undefined;
    let current = true;
    api.embed([text])
      .then((answer) => current && setUnknown((answer.texts && answer.texts[0] && answer.texts[0].unknown_words) || []))
      .catch(() => current && setUnknown([]));
    return () => { current = false; };
  }, [text, enabled]);
  if (!unknown.length) return null;
  return (
    <>
      <OuiSpacer size="s" />
      <OuiCallOut size="s" color="warning" iconType="questionInCircle" data-test="unknown-words"
        title={`The model does not know: ${unknown.join(', ')}`} />
    </>
  );
}
