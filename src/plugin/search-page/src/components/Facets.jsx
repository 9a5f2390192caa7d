import { OuiAccordion, OuiFacetButton, OuiFacetGroup, OuiPanel, OuiSpacer, OuiTitle } from '@opensearch-project/oui';

const WIDE = typeof window === 'undefined' || window.matchMedia('(min-width: 900px)').matches;

/**
 * The keyword fields' values among the hits, with counts (a terms aggregation beside the clip query); choosing
 * one restricts the clip query's candidates to it (its filter), choosing it again removes it.
 */
export function Facets({ fields, aggregations, filters, onChange }) {
  const groups = fields
    .map((field) => ({ field, buckets: (aggregations && aggregations[field] && aggregations[field].buckets) || [] }))
    // a field whose every value is unique among the hits (a file name, an id) narrows nothing: left out
    .filter((group) => (group.buckets.length > 1 && group.buckets.some((b) => b.doc_count > 1))
      || (filters[group.field] || []).length);
  if (!groups.length) return null;
  const toggle = (field, value) => {
    const current = filters[field] || [];
    const next = current.includes(value) ? current.filter((v) => v !== value) : [...current, value];
    const all = { ...filters, [field]: next };
    if (!next.length) delete all[field];
    onChange(all);
  };
  return (
    <>
      <OuiSpacer size="m" />
      <OuiPanel paddingSize="m" data-test="facets">
        <OuiAccordion id="clipFacets" initialIsOpen={WIDE} buttonContent={<OuiTitle size="xxs"><h2>Filters</h2></OuiTitle>}>
        <OuiSpacer size="s" />
        {groups.map(({ field, buckets }) => (
          <div className="clipFacet" key={field}>
            <OuiTitle size="xxs"><h3>{field}</h3></OuiTitle>
            <OuiFacetGroup gutterSize="none">
              {buckets.map((bucket) => {
                const value = String(bucket.key_as_string ?? bucket.key);
                return (
                  <OuiFacetButton key={value} quantity={bucket.doc_count} data-test={`facet-${field}-${value}`}
                    isSelected={(filters[field] || []).includes(value)} onClick={() => toggle(field, value)}>
                    {value}
                  </OuiFacetButton>
                );
              })}
            </OuiFacetGroup>
          </div>
        ))}
        </OuiAccordion>
      </OuiPanel>
    </>
  );
}
