import { useCallback, useEffect, useRef, useState } from 'react';
import { OuiCallOut, OuiLoadingSpinner, OuiSpacer, OuiText } from '@opensearch-project/oui';
import { api } from '../api.js';
import { searchableIndices, facetFields } from '../mapping.js';
import { embeddingFields, defaultPipeline } from '../pipelines.js';
import { chooseFields } from '../fieldChoice.js';
import { parseState, formatState } from '../urlState.js';
import { searchBody, hasInput, hasNextPage } from '../query.js';
import { probeFeatures } from '../features.js';
import { Header } from './Header.jsx';
import { QueryBar } from './QueryBar.jsx';
import { SettingsPanel } from './SettingsPanel.jsx';
import { Facets } from './Facets.jsx';
import { Results } from './Results.jsx';
import { HitFlyout } from './HitFlyout.jsx';

const NO_FEATURES = { negativeText: false, queryDocument: false, embed: false, probed: false };

/** What the page knows about an index: its fields from the mapping, the pipeline's field_map, the chosen fields. */
async function describeIndex(index) {
  let embedded = [];
  try {
    const pipeline = defaultPipeline(await api.settings(index.name), index.name);
    if (pipeline) embedded = embeddingFields((await api.pipeline(pipeline))[pipeline]);
  } catch {
    embedded = []; // no rights to read pipelines: the sampled document decides
  }
  let sample = null;
  try {
    const hits = (await api.sample(index.name)).hits.hits;
    sample = hits[0] || null;
  } catch {
    sample = null;
  }
  return { chosen: chooseFields(index, embedded, sample && sample._source), sampleId: sample && sample._id };
}

export function App() {
  const [indices, setIndices] = useState(null);
  const [loadError, setLoadError] = useState(null);
  const [notice, setNotice] = useState(null);
  const [state, setState] = useState(() => parseState(window.location.search));
  const [features, setFeatures] = useState(NO_FEATURES);
  const [result, setResult] = useState(null);
  const [searching, setSearching] = useState(false);
  const [searchError, setSearchError] = useState(null);
  const [selected, setSelected] = useState(null);
  const [readyIndex, setReadyIndex] = useState(null);
  const latest = useRef(0);

  // the controls appear once the index's fields are chosen, so that nothing typed meanwhile is overwritten
  const index = indices && readyIndex === state.index ? indices.find((i) => i.name === state.index) : null;

  const run = useCallback(async (next) => {
    const current = indices && indices.find((i) => i.name === next.index);
    if (!current || !hasInput(next) || !next.vectorField) {
      setResult(null);
      return;
    }
    const ticket = ++latest.current;
    setSearching(true);
    setSearchError(null);
    try {
      const body = searchBody(next, facetFields(current), current.vectors.map((v) => v.name));
      const answer = await api.search(next.index, body);
      if (ticket === latest.current) setResult({ state: next, answer });
    } catch (e) {
      if (ticket === latest.current) {
        setResult(null);
        setSearchError(e.message);
      }
    } finally {
      if (ticket === latest.current) setSearching(false);
    }
  }, [indices]);

  /** Commits a new search state: into the URL (a new history entry unless replace) and runs it. */
  const commit = useCallback((next, { replace = false } = {}) => {
    setState(next);
    const query = formatState(next);
    const url = `${window.location.pathname}${query ? `?${query}` : ''}`;
    if (replace) window.history.replaceState(null, '', url);
    else if (url !== `${window.location.pathname}${window.location.search}`) window.history.pushState(null, '', url);
    run(next);
  }, [run]);

  // the indices with knn_vector fields, once
  useEffect(() => {
    api.mappings()
      .then((mappings) => setIndices(searchableIndices(mappings)))
      .catch((e) => setLoadError(e.message));
  }, []);

  // choose the index and its fields when the indices are known or the index changes
  const chosenFor = useRef(null);
  useEffect(() => {
    if (!indices || !indices.length) return;
    let wanted = indices.find((i) => i.name === state.index);
    if (!wanted) {
      if (state.index) setNotice(`Index [${state.index}] does not exist or has no knn_vector field; showing [${indices[0].name}].`);
      wanted = indices[0];
    }
    if (chosenFor.current === wanted.name) return;
    chosenFor.current = wanted.name;
    const fromUrl = state.index === wanted.name ? state : { filters: {} };
    describeIndex(wanted).then(({ chosen, sampleId }) => {
      const next = {
        ...fromUrl,
        index: wanted.name,
        vectorField: fromUrl.vectorField || chosen.vectorField,
        imageField: fromUrl.imageField || chosen.imageField,
        labelField: fromUrl.labelField || chosen.labelField,
        model: fromUrl.model || chosen.model || undefined,
      };
      commit(next, { replace: true });
      setReadyIndex(wanted.name);
      setFeatures(NO_FEATURES);
      probeFeatures(wanted.name, next.vectorField, sampleId).then((found) => setFeatures({ ...found, probed: true }));
    });
  }, [indices, state.index]); // eslint-disable-line react-hooks/exhaustive-deps

  // Back and Forward restore the search of that history entry
  useEffect(() => {
    const onPop = () => {
      const restored = parseState(window.location.search);
      setState(restored);
      setSelected(null);
      run(restored);
    };
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [run]);

  const update = (changes) => commit({ ...state, page: 0, ...changes });
  const changeIndex = (name) => {
    chosenFor.current = null;
    setResult(null);
    setState({ index: name, filters: {}, text: state.text });
  };

  return (
    <>
      <Header />
      <div className="clipPage" data-probed={features.probed}>
        <div className="clipPage__query">
          {loadError && <OuiCallOut color="danger" iconType="alert" title="The indices could not be read">{loadError}</OuiCallOut>}
          {indices && !indices.length && (
            <OuiCallOut title="No index to search yet" iconType="questionInCircle">
              <p>No index has a knn_vector field. Create one with a clip_embedding pipeline (see the README), or run
                {' '}<code>bash src/tools/demo.sh</code>.</p>
            </OuiCallOut>
          )}
          {notice && <><OuiCallOut size="s" color="warning" title={notice} /><OuiSpacer size="s" /></>}
          {index && (
            <QueryBar
              key={[state.index, state.text, state.imageUrl, state.negativeText, state.like].join('\u0000')}
              state={state}
              features={features}
              onSearch={(changes) => update({ like: undefined, ...changes })}
            />
          )}
          {!loadError && !index && !(indices && !indices.length) && <OuiLoadingSpinner size="l" />}
        </div>
        <aside className="clipPage__side">
          {indices && index && (
            <SettingsPanel indices={indices} index={index} state={state} onIndex={changeIndex} onChange={update} />
          )}
          {result && index && (
            <Facets
              fields={facetFields(index)}
              aggregations={result.answer.aggregations}
              filters={state.filters || {}}
              onChange={(filters) => update({ filters })}
            />
          )}
        </aside>
        <main className="clipPage__main">
          {searchError && (
            <OuiCallOut color="danger" iconType="alert" title="The search failed" data-test="search-error">
              <p>{searchError}</p>
            </OuiCallOut>
          )}
          {state.like && (
            <OuiText size="s"><p data-test="like-banner">Documents like <strong>{state.like}</strong></p></OuiText>
          )}
          {result && (
            <Results
              answer={result.answer}
              state={result.state}
              searching={searching}
              hasNext={hasNextPage(result.state, result.answer.hits.total.value)}
              onPage={(page) => commit({ ...state, page })}
              onOpen={setSelected}
            />
          )}
          {!result && !searchError && index && !hasInput(state) && (
            <OuiText size="s" color="subdued"><p>Type what you look for, or drop, paste or choose an image.</p></OuiText>
          )}
        </main>
      </div>
      {selected && (
        <HitFlyout
          hit={selected}
          state={state}
          canLike={features.queryDocument}
          onClose={() => setSelected(null)}
          onLike={(hit) => { setSelected(null); update({ like: hit._id, image: undefined, imageUrl: undefined, text: '' }); }}
        />
      )}
    </>
  );
}

