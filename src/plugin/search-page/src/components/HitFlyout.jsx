import { OuiBadge, OuiBadgeGroup, OuiButton, OuiDescriptionList, OuiDescriptionListDescription,
  OuiDescriptionListTitle, OuiFlyout, OuiFlyoutBody, OuiFlyoutHeader, OuiSpacer, OuiText, OuiTitle } from '@opensearch-project/oui';
import { fieldRows, valueAt } from '../docFields.js';
import { imageSource } from '../imageSource.js';

/** A hit's picture, every field of its document (lists as badges, long values shortened) and "more like this". */
export function HitFlyout({ hit, state, canLike, onClose, onLike }) {
  const picture = imageSource(valueAt(hit._source, state.imageField));
  const rows = fieldRows(hit._source);
  return (
    <OuiFlyout onClose={onClose} size="m" ownFocus aria-labelledby="clipFlyoutTitle" data-test="flyout">
      <OuiFlyoutHeader hasBorder>
        <OuiTitle size="s"><h2 id="clipFlyoutTitle">{hit._id}</h2></OuiTitle>
        <OuiText size="s" color="subdued"><p>{hit._index} · score {hit._score == null ? '–' : hit._score.toFixed(4)}</p></OuiText>
      </OuiFlyoutHeader>
      <OuiFlyoutBody>
        <div className="clipFlyout__picture">
          {picture.src ? <img src={picture.src} alt={hit._id} /> : <OuiText color="danger" size="s"><p>{picture.error}</p></OuiText>}
        </div>
        <OuiSpacer size="m" />
        {canLike && (
          <><OuiButton iconType="documents" data-test="more-like-this" onClick={() => onLike(hit)}>More like this</OuiButton>
            <OuiSpacer size="m" /></>
        )}
        <OuiDescriptionList compressed data-test="fields">
          {rows.map((row) => [
            <OuiDescriptionListTitle key={`${row.name}-t`}>{row.name}</OuiDescriptionListTitle>,
            <OuiDescriptionListDescription key={`${row.name}-d`} className="clipFlyout__value">
              {row.kind === 'badges'
                ? <OuiBadgeGroup>{row.value.map((v, i) => <OuiBadge key={`${v}-${i}`} color="hollow">{v}</OuiBadge>)}</OuiBadgeGroup>
                : row.value}
            </OuiDescriptionListDescription>,
          ])}
        </OuiDescriptionList>
      </OuiFlyoutBody>
    </OuiFlyout>
  );
}
