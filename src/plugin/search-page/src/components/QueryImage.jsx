import { useEffect, useRef, useState } from 'react';
import { OuiButtonEmpty, OuiButtonIcon, OuiFieldText } from '@opensearch-project/oui';
import { imageSource } from '../imageSource.js';

const MAX_BYTES = 10 * 1024 * 1024;

function readAsDataUri(file) {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result);
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function firstImageFile(list) {
  return [...(list || [])].find((file) => file && file.type && file.type.startsWith('image/')) || null;
}

/**
 * The query image: choose a file, drop one on the zone, paste one anywhere on the page, or give an http(s) URL;
 * the clear button removes it. Reports {image, imageUrl} (imageUrl only for a URL, which can go into the link).
 */
export function QueryImage({ image, imageUrl, onChange, onError }) {
  const [over, setOver] = useState(false);
  const [url, setUrl] = useState(imageUrl || '');
  const input = useRef(null);

  const takeFile = async (file) => {
    if (!file) return;
    if (file.size > MAX_BYTES) { onError(`${file.name} is larger than 10 MB`); return; }
    onChange({ image: await readAsDataUri(file), imageUrl: undefined });
    setUrl('');
  };

  useEffect(() => {
    const onPaste = (event) => {
      const file = firstImageFile(event.clipboardData && event.clipboardData.files);
      if (file) { event.preventDefault(); takeFile(file); }
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  });

  const useUrl = () => {
    const value = url.trim();
    if (!/^https?:\/\/\S+$/i.test(value)) { onError('an image URL starts with http:// or https://'); return; }
    onChange({ image: value, imageUrl: value });
  };

  return (
    <div
      className={`clipDrop${over ? ' clipDrop--over' : ''}`}
      data-test="dropzone"
      onDragOver={(e) => { e.preventDefault(); setOver(true); }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => { e.preventDefault(); setOver(false); takeFile(firstImageFile(e.dataTransfer.files)); }}
    >
      {image ? (
        <>
          <img className="clipDrop__preview" src={imageSource(image).src || ''}
            alt="query image" data-test="query-image" />
          <OuiButtonIcon iconType="cross" aria-label="Remove the query image" data-test="clear-image"
            onClick={() => { onChange({ image: undefined, imageUrl: undefined }); setUrl(''); }} />
        </>
      ) : (
        <span className="clipDrop__hint">Drop or paste an image here, or</span>
      )}
      <OuiButtonEmpty size="s" iconType="image" onClick={() => input.current.click()}>choose a file</OuiButtonEmpty>
      <input ref={input} type="file" accept="image/*" data-test="image-file"
        onChange={(e) => { takeFile(e.target.files[0]); e.target.value = ''; }} />
      <OuiFieldText className="clipDrop__url" compressed placeholder="or an image URL (https://…)" value={url}
        aria-label="Image URL" data-test="image-url" onChange={(e) => setUrl(e.target.value)}
        onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); useUrl(); } }} />
      {url && <OuiButtonEmpty size="s" iconType="link" onClick={useUrl}>use URL</OuiButtonEmpty>}
    </div>
  );
}
