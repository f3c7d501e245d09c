/** Small charts as inline SVG strings: horizontal bars with labels. Pure, no fonts or scripts. */
export type Bar = { label: string; value: bigint };

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** Bars scaled to the largest value; the value printed as given (wei stay exact). */
export function barChartSvg(title: string, bars: readonly Bar[], width = 640): string {
  const rowHeight = 22;
  const labelWidth = 200;
  const valueWidth = 170;
  const plot = width - labelWidth - valueWidth;
  const max = bars.reduce((m, b) => (b.value > m ? b.value : m), 0n);
  const height = 28 + bars.length * rowHeight;
  const rows = bars.map((b, i) => {
    const y = 24 + i * rowHeight;
    const w = max === 0n ? 0 : Number((b.value * BigInt(plot)) / max);
    return [
      `<text x="${labelWidth - 6}" y="${y + 14}" text-anchor="end" font-size="11">${escapeXml(b.label)}</text>`,
      `<rect x="${labelWidth}" y="${y + 3}" width="${Math.max(w, 1)}" height="${rowHeight - 6}" fill="#3b6ea5"/>`,
      `<text x="${labelWidth + plot + 6}" y="${y + 14}" font-size="11">${escapeXml(b.value.toString())}</text>`,
    ].join("");
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif"><text x="0" y="14" font-size="13" font-weight="bold">${escapeXml(title)}</text>${rows.join("")}</svg>`;
}

/** The charts each kind draws: where the money went, where the training data came from. */
export function reportCharts(sections: Record<string, unknown>): string[] {
  const charts: string[] = [];
  const list = (v: unknown) => (Array.isArray(v) ? (v as Record<string, unknown>[]) : []);
  const appendices = (sections.appendices ?? {}) as Record<string, unknown>;
  const byContributor = list(appendices.attributionByContributor);
  if (byContributor.length > 0) {
    const top = [...byContributor].sort((a, b) => (BigInt(String(b.rewardsTotal)) > BigInt(String(a.rewardsTotal)) ? 1 : -1)).slice(0, 12);
    charts.push(barChartSvg("Rewards by contributor (wei, top 12)", top.map((r) => ({ label: `${String(r.contributor).slice(0, 10)}…`, value: BigInt(String(r.rewardsTotal)) }))));
  }
  const sources = list(sections.dataSources);
  if (sources.length > 0) charts.push(barChartSvg("Training data by datanet version (bytes)", sources.map((s) => ({ label: `datanet ${s.datanetId} v${s.version}`, value: BigInt(String(s.bytes)) }))));
  const rewards = list(sections.rewardsByContributor);
  if (rewards.length > 0) charts.push(barChartSvg("Rewards by contributor (wei)", rewards.slice(0, 12).map((r) => ({ label: `${String(r.contributor).slice(0, 10)}…`, value: BigInt(String(r.rewardsTotal)) }))));
  const payments = list(sections.payments);
  if (payments.length > 0) charts.push(barChartSvg("Payments of this inference (wei)", payments.map((p) => ({ label: `contribution ${p.contributionId}`, value: BigInt(String(p.amount)) }))));
  const byContribution = list(sections.rewardsByContribution);
  if (byContribution.length > 0) charts.push(barChartSvg("Rewards by contribution (wei)", byContribution.slice(0, 12).map((r) => ({ label: `contribution ${r.contributionId}`, value: BigInt(String(r.rewardsTotal)) }))));
  return charts;
}
