import type { ComponentProps } from "react";
import Markdown from "react-markdown";
import { Link } from "react-router";
import rehypeSanitize from "rehype-sanitize";
import remarkGfm from "remark-gfm";
import { formatViewerLocal } from "../../../lib/format-time";
import { MermaidDiagram } from "./mermaid-diagram";

/** `@2024-03-14T02:00:00.000Z`: a link text the review writes for an instant, shown in the reader's local time. */
const INSTANT = /^@(\d{4}-\d\d-\d\dT\d\d:\d\d(?::\d\d(?:\.\d+)?)?Z)$/;

function textOf(children: unknown): string {
  if (typeof children === "string") return children;
  if (Array.isArray(children)) return children.map(textOf).join("");
  return "";
}

function Anchor({ href, children }: ComponentProps<"a">) {
  const text = textOf(children);
  const instant = INSTANT.exec(text);
  const label = instant?.[1] ? <time dateTime={instant[1]}>{formatViewerLocal(instant[1])}</time> : children;
  // Links into Debrief stay in the app; others open beside it.
  if (href?.startsWith("/")) return <Link to={href}>{label}</Link>;
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {label}
    </a>
  );
}

function Code({ className, children }: ComponentProps<"code">) {
  if (className === "language-mermaid") return <MermaidDiagram code={textOf(children).replace(/\n$/, "")} />;
  return <code className={className}>{children}</code>;
}

function Pre({ children }: ComponentProps<"pre">) {
  // A diagram is not preformatted text.
  const child = Array.isArray(children) ? children[0] : children;
  if (child && typeof child === "object" && "props" in child && (child.props as { className?: string }).className === "language-mermaid") return <>{children}</>;
  return <pre>{children}</pre>;
}

/**
 * A review's Markdown as a reader sees it: GitHub-flavoured Markdown, no raw HTML (it
 * is dropped, then the result is sanitised again), Mermaid blocks as diagrams, and
 * instants in the reader's local time.
 */
export function MarkdownPreview({ markdown }: { markdown: string }) {
  return (
    <div className="review-markdown">
      <Markdown remarkPlugins={[remarkGfm]} rehypePlugins={[rehypeSanitize]} skipHtml components={{ a: Anchor, code: Code, pre: Pre }}>
        {markdown}
      </Markdown>
    </div>
  );
}
