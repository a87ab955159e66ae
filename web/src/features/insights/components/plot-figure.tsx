import type { MouseEvent } from "react";
import { useEffect, useRef } from "react";
import { useNavigate } from "react-router";

const XLINK = "http://www.w3.org/1999/xlink";

/**
 * Mounts a chart built by Observable Plot. Marks carry `href`s to their evidence;
 * clicks on them navigate inside the app instead of reloading it.
 */
export function PlotFigure({ build, label }: { build: () => Element | null; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const navigate = useNavigate();
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const chart = build();
    // Plot writes xlink:href; a plain href is what browsers, assistive technology and
    // the click handler below read.
    for (const anchor of chart?.querySelectorAll("a") ?? []) {
      const href = anchor.getAttributeNS(XLINK, "href");
      if (!href) continue;
      anchor.removeAttributeNS(XLINK, "href");
      anchor.setAttribute("href", href);
    }
    host.replaceChildren(...(chart ? [chart] : []));
    return () => host.replaceChildren();
  }, [build]);
  const onClick = (event: MouseEvent<HTMLDivElement>) => {
    const anchor = (event.target as Element).closest("a");
    const href = anchor?.getAttribute("href");
    if (!href || !href.startsWith("/") || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    navigate(href);
  };
  return <div ref={ref} className="insight-chart" role="figure" aria-label={label} onClick={onClick} data-testid="insight-chart" />;
}
