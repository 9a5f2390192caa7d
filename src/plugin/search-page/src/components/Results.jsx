import { OuiLoadingSpinner, OuiPagination, OuiText } from '@opensearch-project/oui';
import { DEFAULTS } from '../query.js';
import { formatState } from '../urlState.js';
import { HitCard } from './HitCard.jsx';

/** The status line, the grid of hits and the pages (one page more than shown while the neighbours go on). */
export function Results({ answer, state, searching, hasNext, onPage, onOpen }) {
  const hits = answer.hits.hits;
  const page = Number(state.page) || 0;
  const size = Number(state.size) || DEFAULTS.size;
  const first = page * size + 1;
  return (
    <>
      <div className="clipResults__status">
        <OuiText size="s"><p data-test="status">
          {hits.length ? `hits ${first}–${first + hits.length - 1}${hasNext ? ', more on the next page' : ''}` : 'no hits'}
          {` · ${answer.took} ms`}
        </p></OuiText>
        {searching && <OuiLoadingSpinner size="m" />}
      </div>
      <div className="clipGrid" data-test="hits" data-query={formatState(state)} data-searching={searching}>
        {hits.map((hit, i) => (
          <HitCard key={`${hit._index}/${hit._id}`} hit={hit} rank={first + i} imageField={state.imageField}
            labelField={state.labelField} onOpen={onOpen} />
        ))}
      </div>
      {(page > 0 || hasNext) && (
        <div className="clipResults__pages">
          <OuiPagination data-test="pagination" pageCount={page + (hasNext ? 2 : 1)} activePage={page}
            onPageClick={onPage} aria-label="Result pages" />
        </div>
      )}
    </>
  );
}
