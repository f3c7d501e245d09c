// Ponder loads every file under src/ as indexing code; the handlers live in indexer/.
import "../indexer/datanets.js";
import "../indexer/models.js";
import "../indexer/attribution.js";
import "../indexer/governance.js";
import "../indexer/token.js";
