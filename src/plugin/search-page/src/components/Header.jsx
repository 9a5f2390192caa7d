import { useEffect, useState } from 'react';
import { OuiHeader, OuiHeaderSection, OuiHeaderSectionItem, OuiHealth, OuiTitle, OuiToolTip } from '@opensearch-project/oui';
import { api } from '../api.js';
import { modelSummaries, describeModel } from '../models.js';

const COLORS = { loaded: 'success', failed: 'danger' };

/** The page title and the cluster's CLIP models with their state (a failed model says why). */
export function Header() {
  const [models, setModels] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    api.models().then((body) => setModels(modelSummaries(body))).catch((e) => setError(e.message));
  }, []);
  return (
    <OuiHeader position="static">
      <OuiHeaderSection>
        <OuiHeaderSectionItem border="none">
          <OuiTitle size="xs"><h1>opensearch-clip search</h1></OuiTitle>
        </OuiHeaderSectionItem>
      </OuiHeaderSection>
      <OuiHeaderSection side="right">
        <OuiHeaderSectionItem border="none">
          <span className="clipHeader__models" data-test="models">
            {error && `models: ${error}`}
            {models && models.length === 0 && 'no models'}
            {models && models.map((model) => (
              <OuiToolTip key={`${model.name}@${model.version}`} content={`version ${model.version}, ${model.nodes} node(s)`}>
                <OuiHealth color={COLORS[model.state] || 'warning'}>{describeModel(model)}</OuiHealth>
              </OuiToolTip>
            ))}
          </span>
        </OuiHeaderSectionItem>
      </OuiHeaderSection>
    </OuiHeader>
  );
}
