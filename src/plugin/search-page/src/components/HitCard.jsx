import { useState } from 'react';
import { imageSource } from '../imageSource.js';
import { valueAt } from '../docFields.js';

/** One hit: its picture at natural size (never upscaled), score and label; a broken image says why. */
export function HitCard({ hit, rank, imageField, labelField, onOpen }) {
  const picture = imageSource(valueAt(hit._source, imageField));
  const [failed, setFailed] = useState(false);
  const label = valueAt(hit._source, labelField);
  const broken = picture.error || (failed && 'the browser could not show this image');
  return (
    <button type="button" className="clipCard" data-test="hit" data-id={hit._id} onClick={() => onOpen(hit)}>
      <div className="clipCard__picture">
        {broken
          ? <span className="clipCard__broken" data-test="broken">{broken}</span>
          : <img src={picture.src} alt={label == null ? hit._id : String(label)} loading="lazy" onError={() => setFailed(true)} />}
      </div>
      <div className="clipCard__meta">
        <span data-test="rank">#{rank}</span> <span data-test="hit-id">{hit._id}</span>
        <span className="clipCard__score" data-test="score">{hit._score == null ? '' : hit._score.toFixed(4)}</span>
        <div className="clipCard__label" data-test="label">{label == null ? '' : String(label)}</div>
      </div>
    </button>
  );
}
