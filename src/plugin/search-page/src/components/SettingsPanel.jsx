import { OuiAccordion, OuiFieldNumber, OuiFieldText, OuiFormRow, OuiPanel, OuiSelect, OuiSpacer, OuiTitle } from '@opensearch-project/oui';

const WIDE = typeof window === 'undefined' || window.matchMedia('(min-width: 900px)').matches;
import { DEFAULTS } from '../query.js';

const METHODS = [
  { value: 'hnsw', text: 'HNSW (k-NN plugin)' },
  { value: 'exact', text: 'exact (every document)' },
  { value: 'ivf', text: 'IVF (needs an IVF model)' },
];

const options = (names) => names.map((name) => ({ value: name, text: name }));
const withNone = (names) => [{ value: '', text: '(none)' }, ...options(names)];

/** Where and how to search: the index, its vector / image / label fields, k, page size and the k-NN method. */
export function SettingsPanel({ indices, index, state, onIndex, onChange }) {
  const fields = [...new Set([...index.opaque, ...index.keywords, ...index.texts, state.imageField].filter(Boolean))];
  const labels = [...new Set([...index.texts, ...index.keywords, state.labelField].filter(Boolean))];
  const number = (value) => (value === '' ? undefined : Number(value));
  return (
    <OuiPanel paddingSize="m">
      <OuiAccordion id="clipSettings" initialIsOpen={WIDE} data-test="settings"
        buttonContent={<OuiTitle size="xxs"><h2>Search in {index.name}</h2></OuiTitle>}>
      <OuiSpacer size="s" />
      <OuiFormRow label="index" fullWidth>
        <OuiSelect fullWidth compressed data-test="index" options={options(indices.map((i) => i.name))} value={index.name}
          onChange={(e) => onIndex(e.target.value)} />
      </OuiFormRow>
      <OuiFormRow label="vector field" fullWidth>
        <OuiSelect fullWidth compressed data-test="vector-field"
          options={index.vectors.map((v) => ({ value: v.name, text: `${v.name} (${v.dimension}-d)` }))}
          value={state.vectorField} onChange={(e) => onChange({ vectorField: e.target.value })} />
      </OuiFormRow>
      <OuiFormRow label="image field" fullWidth helpText="base64, data URI or http(s) URL">
        <OuiSelect fullWidth compressed data-test="image-field" options={withNone(fields)} value={state.imageField || ''}
          onChange={(e) => onChange({ imageField: e.target.value })} />
      </OuiFormRow>
      <OuiFormRow label="label field" fullWidth>
        <OuiSelect fullWidth compressed data-test="label-field" options={withNone(labels)} value={state.labelField || ''}
          onChange={(e) => onChange({ labelField: e.target.value })} />
      </OuiFormRow>
      {state.model && <OuiFormRow label="model" fullWidth><span data-test="model">{state.model}</span></OuiFormRow>}
      <OuiSpacer size="m" />
      <OuiTitle size="xxs"><h2>Neighbours</h2></OuiTitle>
      <OuiSpacer size="s" />
      <OuiFormRow label="k (raised to fill the page)" fullWidth>
        <OuiFieldNumber fullWidth compressed min={1} max={10000} data-test="k" value={state.k ?? DEFAULTS.k}
          onChange={(e) => onChange({ k: number(e.target.value) })} />
      </OuiFormRow>
      <OuiFormRow label="hits per page" fullWidth>
        <OuiFieldNumber fullWidth compressed min={1} max={200} data-test="size" value={state.size ?? DEFAULTS.size}
          onChange={(e) => onChange({ size: number(e.target.value) })} />
      </OuiFormRow>
      <OuiFormRow label="method" fullWidth>
        <OuiSelect fullWidth compressed data-test="method" options={METHODS} value={state.method || DEFAULTS.method}
          onChange={(e) => onChange({ method: e.target.value })} />
      </OuiFormRow>
      {(state.method || DEFAULTS.method) === 'hnsw' && (
        <OuiFormRow label="ef_search" fullWidth helpText="empty: the index's default">
          <OuiFieldNumber fullWidth compressed min={1} data-test="ef-search" value={state.efSearch ?? ''}
            onChange={(e) => onChange({ efSearch: number(e.target.value) })} />
        </OuiFormRow>
      )}
      {state.method === 'ivf' && (
        <>
          <OuiFormRow label="IVF model" fullWidth helpText="name or name:version">
            <OuiFieldText fullWidth compressed data-test="ivf-model" value={state.ivfModel || ''}
              onChange={(e) => onChange({ ivfModel: e.target.value })} />
          </OuiFormRow>
          <OuiFormRow label="nprobes" fullWidth helpText="empty: ⌈nlist / 16⌉">
            <OuiFieldNumber fullWidth compressed min={1} data-test="nprobes" value={state.nprobes ?? ''}
              onChange={(e) => onChange({ nprobes: number(e.target.value) })} />
          </OuiFormRow>
        </>
      )}
      </OuiAccordion>
    </OuiPanel>
  );
}
