import { useEffect, useState } from 'preact/hooks';

/** An <img> of a stored Blob; its object URL lives exactly as long as the element. */
export function BlobImage(props: { blob: Blob | undefined; alt: string; class?: string; testId?: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!props.blob) return;
    const created = URL.createObjectURL(props.blob);
    setUrl(created);
    return () => URL.revokeObjectURL(created);
  }, [props.blob]);
  if (!url) return <span class={props.class} />;
  return <img src={url} alt={props.alt} class={props.class} data-testid={props.testId} />;
}
