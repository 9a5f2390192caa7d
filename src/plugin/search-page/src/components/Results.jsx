import { OuiFlexGroup, OuiFlexItem, OuiLoadingSpinner, OuiPagination, OuiText } from '@opensearch-project/oui';
import { DEFAULTS } from '../query.js';
import { HitCard } from './HitCard.jsx';

/** The status line, the grid of hits and the pages (one page more than shown while the neighbours go on). */
export function Results({ answer, state, searching, hasNext, onPage, onOpen }) {
  const hits = answer.hits.hits;
  const page = Number(state.page) || 0;
  const size = Number(state.size) || DEFAULTS.size;
  const first = page * size + 1;
  return (
    <>
      <OuiFlexGroup gutterSize="s" alignItems="center" responsive={false} wrap>
        <OuiFlexItem>
          <OuiText size="s"><p data-test="status">
            {hits.length ? `hits ${first}–${first + hits.length - 1} of ${answer.hits.total.value}` : 'no hits'}
            {` · ${answer.took} ms`}
          </p></OuiText>
        </OuiFlexItem>
        {searching && <OuiFlexItem grow={false}><OuiLoadingSpinner size="m" /></OuiFlexItem>}
      </OuiFlexGroup>
      <div className="clipGrid" data-test="hits">
        {hits.map((hit, i) => (
          <HitCard key={`${hit._index}/${hit._id}`} hit={hit} rank={first + i} imageField={state.imageField}
            labelField={state.labelField} onOpen={onOpen} />
        ))}
      </div>
      {(page > 0 || hasNext) && (
        <OuiFlexGroup justifyContent="center" style={{ marginTop: 12 }}>
          <OuiFlexItem grow={false}>
            <OuiPagination data-test="pagination" pageCount={page + (hasNext ? 2 : 1)} activePage={page}
              onPageClick={onPage} aria-label="Result pages" />
          </OuiFlexItem>
        </OuiFlexGroup>
      )}
    </>
  );
}
