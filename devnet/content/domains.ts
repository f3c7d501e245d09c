/**
 * Word lists and sentence templates per domain: the simulator writes contributions and
 * prompts from them, so datanets hold readable text with the vocabulary of their domain.
 */
export type Domain = {
  category: string;
  licence: string;
  names: readonly string[];
  templates: readonly string[];
  slots: Record<string, readonly string[]>;
  questions: readonly string[];
};

export const DOMAINS: readonly Domain[] = [
  {
    category: "medical",
    licence: "CC-BY-NC-4.0",
    names: ["Clinical Notes Commons", "Cardiology Outcomes", "Rare Disease Registry"],
    templates: [
      "Patients receiving {drug} showed {change} in {metric} after {n} weeks of treatment.",
      "In a cohort of {n} adults with {condition}, {drug} was associated with {change} {metric}.",
      "The trial reported {effect} among participants with {condition} who took {drug} daily.",
      "Clinicians noted that {metric} in {condition} improved when {drug} was combined with {therapy}.",
      "A follow-up of {n} months found {effect} and no new safety signal for {drug}.",
    ],
    slots: {
      drug: ["metformin", "lisinopril", "atorvastatin", "semaglutide", "apixaban", "empagliflozin"],
      change: ["a marked reduction", "a modest increase", "no significant change", "a sustained decline"],
      metric: ["systolic blood pressure", "HbA1c", "LDL cholesterol", "resting heart rate", "kidney function"],
      condition: ["type 2 diabetes", "hypertension", "heart failure", "chronic kidney disease", "atrial fibrillation"],
      effect: ["fewer hospital admissions", "lower mortality", "better quality of life scores", "reduced readmission rates"],
      therapy: ["dietary counselling", "supervised exercise", "remote monitoring", "a low sodium diet"],
      n: ["12", "24", "48", "120", "350", "800"],
    },
    questions: ["What happened to {metric} for patients on {drug}?", "Summarise the outcome of {drug} in {condition}."],
  },
  {
    category: "legal",
    licence: "CC-BY-4.0",
    names: ["Contract Clauses Corpus", "Case Law Digest", "Regulatory Filings"],
    templates: [
      "The {court} held that a {clause} clause is enforceable only when {condition}.",
      "Under {law}, the {party} must give notice within {n} days of {event}.",
      "A {clause} provision shifts the risk of {event} from the {party} to the counterparty.",
      "The {court} rejected the argument that {law} applies to {party} acting in good faith.",
      "Parties frequently negotiate the {clause} clause to cap liability at {n} times the annual fees.",
    ],
    slots: {
      court: ["appeals court", "supreme court", "commercial court", "district court"],
      clause: ["limitation of liability", "force majeure", "indemnification", "non-compete", "arbitration"],
      condition: ["it was freely negotiated", "the terms were disclosed in advance", "both parties are merchants"],
      law: ["the data protection regulation", "the sale of goods act", "consumer protection law", "the arbitration act"],
      party: ["supplier", "licensee", "employer", "data controller", "tenant"],
      event: ["a material breach", "termination", "a data breach", "late delivery", "insolvency"],
      n: ["7", "14", "30", "60", "90"],
    },
    questions: ["When is a {clause} clause enforceable?", "What must the {party} do after {event}?"],
  },
  {
    category: "finance",
    licence: "ODC-BY-1.0",
    names: ["Market Microstructure Notes", "Credit Risk Memos", "DeFi Protocol Reports"],
    templates: [
      "The {asset} market saw {movement} as {driver} pushed yields {direction}.",
      "Analysts expect {metric} for {sector} firms to {direction_verb} over the next {n} quarters.",
      "Liquidity in {asset} pools fell by {n} percent after {driver}.",
      "A rise in {metric} usually precedes {movement} in {sector} credit spreads.",
      "Lenders tightened terms for {sector} borrowers because {driver}.",
    ],
    slots: {
      asset: ["treasury", "corporate bond", "stablecoin", "equity index", "mortgage backed"],
      movement: ["a sharp sell-off", "a steady rally", "elevated volatility", "a flight to quality"],
      driver: ["central bank guidance", "weaker employment data", "rising default rates", "a large token unlock"],
      direction: ["higher", "lower"],
      direction_verb: ["improve", "deteriorate", "stabilise"],
      metric: ["net interest margin", "leverage ratio", "default probability", "trading volume"],
      sector: ["energy", "real estate", "technology", "retail", "banking"],
      n: ["2", "3", "4", "8", "15", "25"],
    },
    questions: ["Why did the {asset} market move?", "What is the outlook for {sector} {metric}?"],
  },
  {
    category: "code",
    licence: "Apache-2.0",
    names: ["Systems Programming Q&A", "Smart Contract Audits", "Web Backend Patterns"],
    templates: [
      "To avoid {bug} in {language}, validate {input} before {operation}.",
      "The audit found {bug} in the {component} because {cause}.",
      "Using {pattern} in {language} reduces {cost} when handling {input}.",
      "A {component} written in {language} should release {resource} on every error path.",
      "Benchmarks showed that {pattern} cut {cost} by {n} percent for the {component}.",
    ],
    slots: {
      bug: ["a reentrancy bug", "an integer overflow", "a race condition", "a use after free", "an injection flaw"],
      language: ["Rust", "TypeScript", "Solidity", "Go", "C++"],
      input: ["user supplied lengths", "external calls", "query parameters", "deserialised messages"],
      operation: ["writing to storage", "allocating buffers", "building SQL", "transferring tokens"],
      component: ["token vault", "http router", "job scheduler", "storage engine", "bridge contract"],
      cause: ["state was updated after the call", "the lock was released early", "the bounds check was missing"],
      pattern: ["checks effects interactions", "connection pooling", "arena allocation", "batched writes"],
      cost: ["latency", "gas usage", "memory churn", "lock contention"],
      resource: ["file handles", "database connections", "mutex guards", "temporary buffers"],
      n: ["10", "20", "35", "50", "70"],
    },
    questions: ["How do I prevent {bug} in {language}?", "What did the audit find in the {component}?"],
  },
  {
    category: "climate",
    licence: "CC0-1.0",
    names: ["Grid Emissions Data", "Regional Climate Observations", "Carbon Markets Review"],
    templates: [
      "{source} capacity in {region} grew by {n} percent while {fuel} output declined.",
      "Average {measure} in {region} rose {n} tenths of a degree over the last decade.",
      "The {region} grid cut emissions by shifting {fuel} load to {source} during peak hours.",
      "Carbon prices near {n} euros a tonne made {source} projects in {region} profitable.",
      "Drought reduced {source} generation in {region}, raising reliance on {fuel}.",
    ],
    slots: {
      source: ["solar", "onshore wind", "offshore wind", "hydro", "geothermal"],
      region: ["the Iberian peninsula", "northern Europe", "California", "the Great Plains", "southern India"],
      fuel: ["coal", "natural gas", "diesel", "lignite"],
      measure: ["summer temperature", "night time temperature", "sea surface temperature"],
      n: ["3", "5", "8", "12", "40", "85"],
    },
    questions: ["How did {source} output change in {region}?", "What happened to {measure} in {region}?"],
  },
];
