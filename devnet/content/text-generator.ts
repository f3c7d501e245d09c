/** Writes contribution texts and prompts from a domain's templates with a seeded stream. */
import type { SeededRandom } from "../../core/random.js";
import type { Domain } from "./domains.js";

function fill(template: string, domain: Domain, random: SeededRandom): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => random.pick(domain.slots[slot] ?? [slot]));
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A contribution: three to six sentences of the domain. */
export function contributionText(domain: Domain, random: SeededRandom): string {
  const count = random.int(3, 6);
  const sentences: string[] = [];
  for (let i = 0; i < count; i++) sentences.push(capitalise(fill(random.pick(domain.templates), domain, random)));
  return sentences.join(" ");
}

/** A prompt: a question of the domain, often quoting a sentence of a known contribution. */
export function promptText(domain: Domain, random: SeededRandom, context?: string): string {
  const question = capitalise(fill(random.pick(domain.questions), domain, random));
  if (!context || random.bool(0.3)) return question;
  const sentences = context.split(/(?<=\.)\s+/);
  return `${random.pick(sentences)} ${question}`;
}
