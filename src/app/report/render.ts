import type { ReportBlock } from '../../core/governance/report.js'

const escapeMd = (s: string) => s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
// `code` spans of the Markdown text become <code> in HTML.
const inlineHtml = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>')

/**
 * Draws report blocks as Markdown (GitHub tables); a chart is an image link to
 * `chartFile(id)`, the SVG written beside the Markdown, or its caption alone when no file.
 *
 * @example
 * ```ts
 * reportMarkdown(blocks, (id) => `report.${id}.svg`)
 * ```
 */
export function reportMarkdown(
  blocks: readonly ReportBlock[],
  chartFile: ((id: string) => string) | undefined,
): string {
  const out: string[] = []
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(`${'#'.repeat(b.level)} ${b.text}`, '')
        break
      case 'paragraph':
        out.push(b.text, '')
        break
      case 'list':
        out.push(...b.items.map((i) => `- ${i}`), '')
        break
      case 'table':
        out.push(
          `| ${b.header.map(escapeMd).join(' | ')} |`,
          `| ${b.header.map((_, i) => (b.right?.includes(i) ? '---:' : '---')).join(' | ')} |`,
          ...b.rows.map((r) => `| ${r.map(escapeMd).join(' | ')} |`),
          '',
        )
        break
      case 'chart':
        out.push(
          chartFile === undefined
            ? `*${b.title}* (chart: ${b.caption})`
            : `![${b.title}](${chartFile(b.id)})`,
          '',
        )
        out.push(`*${b.caption}*`, '')
        break
    }
  }
  return `${out.join('\n').trimEnd()}\n`
}

/**
 * Draws report blocks as one self-contained HTML page: no script, no external file; each chart
 * is its SVG inline, in a `<figure data-chart="id">`.
 *
 * @example
 * ```ts
 * reportHtml(blocks, new Map([['slippage', '<svg …>']]), 'Collateral Onboarding Report')
 * ```
 */
export function reportHtml(
  blocks: readonly ReportBlock[],
  svgs: ReadonlyMap<string, string>,
  title: string,
): string {
  const body: string[] = []
  for (const b of blocks) {
    switch (b.kind) {
      case 'heading':
        body.push(`<h${b.level}>${inlineHtml(b.text)}</h${b.level}>`)
        break
      case 'paragraph':
        body.push(`<p>${inlineHtml(b.text)}</p>`)
        break
      case 'list':
        body.push(`<ul>${b.items.map((i) => `<li>${inlineHtml(i)}</li>`).join('')}</ul>`)
        break
      case 'table': {
        const cell = (tag: 'th' | 'td', text: string, i: number) =>
          `<${tag}${b.right?.includes(i) ? ' class="num"' : ''}>${inlineHtml(text)}</${tag}>`
        body.push(
          `<table><thead><tr>${b.header.map((h, i) => cell('th', h, i)).join('')}</tr></thead><tbody>${b.rows
            .map((r) => `<tr>${r.map((c, i) => cell('td', c, i)).join('')}</tr>`)
            .join('')}</tbody></table>`,
        )
        break
      }
      case 'chart': {
        const svg = svgs.get(b.id)
        if (svg !== undefined)
          body.push(
            `<figure data-chart="${escapeHtml(b.id)}">${svg}<figcaption>${inlineHtml(b.caption)}</figcaption></figure>`,
          )
        break
      }
    }
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.85em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; } figcaption { font-size: 0.85em; color: #555; }
code { background: #f4f4f4; padding: 0 0.2em; }
</style>
</head>
<body>
${body.join('\n')}
</body>
</html>
`
}
