#include "SearchRank.h"
#include <sqlite3.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { maximumColumns = 16, maximumPhrases = 16 };
/// BM25's term-frequency saturation: the second hit of a word in a column adds less than the first.
static const double saturation = 1.2;
/// Scores are kept to 1/1000 and placed above 32 bits of rowid; both fit a double's 53-bit mantissa.
static const double scoreScale = 1000.0;
static const double rowidRange = 4294967296.0;
static const double largestScore = 1048575.0;

/// The rank of the current row of `fts` for phrases 0..<phraseCount: lower is better, and unique (it
/// ends in the rowid). `weights` has one weight per column.
static int rankOf(const Fts5ExtensionApi *api, Fts5Context *fts, int phraseCount, const double *weights, int columnCount,
                  double *rank) {
    int hits[maximumPhrases][maximumColumns];
    for (int phrase = 0; phrase < phraseCount; phrase++) memset(hits[phrase], 0, sizeof(int) * columnCount);
    // Each phrase's hits, column by column, straight from its position list (no merged instance list).
    for (int phrase = 0; phrase < phraseCount; phrase++) {
        Fts5PhraseIter iterator;
        int column = 0, offset = 0;
        int rc = api->xPhraseFirst(fts, phrase, &iterator, &column, &offset);
        if (rc != SQLITE_OK) return rc;
        for (; column >= 0; api->xPhraseNext(fts, &iterator, &column, &offset)) {
            if (column < columnCount) hits[phrase][column]++;
        }
    }
    double score = 0;
    for (int column = 0; column < columnCount; column++) {
        for (int phrase = 0; phrase < phraseCount; phrase++) {
            double frequency = hits[phrase][column];
            if (frequency > 0) score += weights[column] * frequency * (saturation + 1) / (frequency + saturation);
        }
    }
    double scaled = floor(score * scoreScale);
    if (scaled > largestScore) scaled = largestScore;
    if (scaled < 0) scaled = 0;
    sqlite3_int64 rowid = api->xRowid(fts);
    *rank = -scaled * rowidRange + (double)(rowid & 0xFFFFFFFF);
    return SQLITE_OK;
}

/// The weights given as SQL arguments from `first` on, one per column (1.0 for a column without one).
static int readWeights(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_value **arguments, int count, double *weights) {
    int columnCount = api->xColumnCount(fts);
    if (columnCount > maximumColumns) columnCount = maximumColumns;
    for (int column = 0; column < columnCount; column++) {
        weights[column] = column < count ? sqlite3_value_double(arguments[column]) : 1.0;
    }
    return columnCount;
}

static void circlesRank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                        int argumentCount, sqlite3_value **arguments) {
    double weights[maximumColumns];
    int columnCount = readWeights(api, fts, arguments, argumentCount, weights);
    int phraseCount = api->xPhraseCount(fts);
    if (phraseCount > maximumPhrases) phraseCount = maximumPhrases;
    double rank = 0;
    int rc = rankOf(api, fts, phraseCount, weights, columnCount, &rank);
    if (rc != SQLITE_OK) { sqlite3_result_error_code(context, rc); return; }
    sqlite3_result_double(context, rank);
}

/// A match's rank with its rowid.
typedef struct {
    double rank;
    sqlite3_int64 rowid;
} RankedMatch;

/// The best matches found so far: a max-heap of at most `capacity` by rank, the worst on top.
typedef struct {
    double weights[maximumColumns];
    int columnCount;
    double after;
    int hasAfter;
    RankedMatch *matches;
    /// Matches kept, room allocated, and the most to keep.
    int count, allocated, capacity;
} BestMatches;

static void swapMatches(RankedMatch *a, RankedMatch *b) {
    RankedMatch kept = *a;
    *a = *b;
    *b = kept;
}

static int keep(BestMatches *best, RankedMatch match) {
    int index;
    if (best->count < best->capacity) {
        if (best->count == best->allocated) {
            int allocated = best->allocated ? best->allocated * 2 : 256;
            if (allocated > best->capacity) allocated = best->capacity;
            RankedMatch *grown = sqlite3_realloc64(best->matches, sizeof(RankedMatch) * (sqlite3_uint64)allocated);
            if (grown == NULL) return SQLITE_NOMEM;
            best->matches = grown;
            best->allocated = allocated;
        }
        RankedMatch *heap = best->matches;
        index = best->count++;
        heap[index] = match;
        while (index > 0 && heap[(index - 1) / 2].rank < heap[index].rank) {
            swapMatches(&heap[(index - 1) / 2], &heap[index]);
            index = (index - 1) / 2;
        }
        return SQLITE_OK;
    }
    RankedMatch *heap = best->matches;
    if (match.rank >= heap[0].rank) return SQLITE_OK;
    heap[0] = match;
    index = 0;
    for (;;) {
        int left = 2 * index + 1, right = left + 1, worst = index;
        if (left < best->count && heap[left].rank > heap[worst].rank) worst = left;
        if (right < best->count && heap[right].rank > heap[worst].rank) worst = right;
        if (worst == index) break;
        swapMatches(&heap[worst], &heap[index]);
        index = worst;
    }
    return SQLITE_OK;
}

static int rankEachMatch(const Fts5ExtensionApi *api, Fts5Context *fts, void *data) {
    BestMatches *best = data;
    RankedMatch match = {0, api->xRowid(fts)};
    int rc = rankOf(api, fts, 1, best->weights, best->columnCount, &match.rank);
    if (rc != SQLITE_OK) return rc;
    return !best->hasAfter || match.rank > best->after ? keep(best, match) : SQLITE_OK;
}

static int bestFirst(const void *a, const void *b) {
    double x = ((const RankedMatch *)a)->rank, y = ((const RankedMatch *)b)->rank;
    return x < y ? -1 : x > y;
}

/// `circles_best(count, after, weight, ...)`, called on any one row of a query of one phrase: the best
/// `count` matches of the phrase by `circles_rank` that come after the rank `after` (all, when it is
/// NULL), best first, for `circles_matches` to read. One call ranks every match in C, without a row, a
/// function call and a sorter step of SQL for each (q=grief on 100,000 groups: 850 → 550 µs).
static void circlesBest(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                        int argumentCount, sqlite3_value **arguments) {
    if (argumentCount < 2 || api->xPhraseCount(fts) != 1) {
        sqlite3_result_error(context, "circles_best: a query of one phrase, then (count, after, weight, ...)", -1);
        return;
    }
    BestMatches best;
    memset(&best, 0, sizeof best);
    sqlite3_int64 capacity = sqlite3_value_int64(arguments[0]);
    if (capacity < 1) {
        sqlite3_result_error(context, "circles_best: a count from 1", -1);
        return;
    }
    best.capacity = capacity > 100000000 ? 100000000 : (int)capacity;
    best.hasAfter = sqlite3_value_type(arguments[1]) != SQLITE_NULL;
    best.after = sqlite3_value_double(arguments[1]);
    best.columnCount = readWeights(api, fts, arguments + 2, argumentCount - 2, best.weights);
    int rc = api->xQueryPhrase(fts, 0, &best, rankEachMatch);
    if (rc != SQLITE_OK) { sqlite3_free(best.matches); sqlite3_result_error_code(context, rc); return; }
    if (best.count > 1) qsort(best.matches, (size_t)best.count, sizeof(RankedMatch), bestFirst);
    // As the array it is: a blob only `circles_matches`, in this process, reads.
    if (best.count == 0) {
        sqlite3_free(best.matches);
        sqlite3_result_zeroblob(context, 0);
        return;
    }
    sqlite3_result_blob64(context, best.matches, sizeof(RankedMatch) * (sqlite3_uint64)best.count, sqlite3_free);
}

/// `circles_matches(best)`, a table-valued function: the rows (id, rank) of a `circles_best` answer, best
/// first. It tells SQLite that they come in rank order, so that a page of groups read in that order
/// stops at its limit instead of reading and sorting every one of the best matches, and nothing is
/// written out as text and parsed back (q=grief: 560 → 385 µs for the page's SQL, where JSON was).
typedef struct {
    sqlite3_vtab base;
} MatchesTable;

typedef struct {
    sqlite3_vtab_cursor base;
    RankedMatch *matches;
    sqlite3_int64 count, index;
} MatchesCursor;

enum { matchesId, matchesRank, matchesBest };

static int matchesConnect(sqlite3 *db, void *aux, int argc, const char *const *argv, sqlite3_vtab **table, char **error) {
    int rc = sqlite3_declare_vtab(db, "CREATE TABLE x(id INTEGER, rank REAL, best HIDDEN)");
    if (rc != SQLITE_OK) return rc;
    MatchesTable *created = sqlite3_malloc(sizeof(MatchesTable));
    if (created == NULL) return SQLITE_NOMEM;
    memset(created, 0, sizeof(MatchesTable));
    sqlite3_vtab_config(db, SQLITE_VTAB_INNOCUOUS);
    *table = &created->base;
    return SQLITE_OK;
}

static int matchesDisconnect(sqlite3_vtab *table) {
    sqlite3_free(table);
    return SQLITE_OK;
}

static int matchesBestIndex(sqlite3_vtab *table, sqlite3_index_info *info) {
    int argument = -1;
    for (int i = 0; i < info->nConstraint; i++) {
        if (info->aConstraint[i].iColumn != matchesBest || info->aConstraint[i].op != SQLITE_INDEX_CONSTRAINT_EQ) continue;
        if (!info->aConstraint[i].usable) return SQLITE_CONSTRAINT;
        argument = i;
    }
    if (argument < 0) {
        sqlite3_free(table->zErrMsg);
        table->zErrMsg = sqlite3_mprintf("circles_matches: takes what circles_best answers");
        return SQLITE_ERROR;
    }
    info->aConstraintUsage[argument].argvIndex = 1;
    info->aConstraintUsage[argument].omit = 1;
    if (info->nOrderBy == 1 && info->aOrderBy[0].iColumn == matchesRank && !info->aOrderBy[0].desc) info->orderByConsumed = 1;
    info->estimatedCost = 10;
    info->estimatedRows = 200;
    return SQLITE_OK;
}

static int matchesOpen(sqlite3_vtab *table, sqlite3_vtab_cursor **cursor) {
    MatchesCursor *opened = sqlite3_malloc(sizeof(MatchesCursor));
    if (opened == NULL) return SQLITE_NOMEM;
    memset(opened, 0, sizeof(MatchesCursor));
    *cursor = &opened->base;
    return SQLITE_OK;
}

static int matchesClose(sqlite3_vtab_cursor *cursor) {
    MatchesCursor *matches = (MatchesCursor *)cursor;
    sqlite3_free(matches->matches);
    sqlite3_free(matches);
    return SQLITE_OK;
}

static int matchesFilter(sqlite3_vtab_cursor *cursor, int idxNum, const char *idxStr, int argc, sqlite3_value **argv) {
    MatchesCursor *matches = (MatchesCursor *)cursor;
    sqlite3_free(matches->matches);
    matches->matches = NULL;
    matches->count = matches->index = 0;
    // NULL: the query of `circles_best` had no row, so no match.
    if (argc < 1 || sqlite3_value_type(argv[0]) == SQLITE_NULL) return SQLITE_OK;
    int bytes = sqlite3_value_type(argv[0]) == SQLITE_BLOB ? sqlite3_value_bytes(argv[0]) : -1;
    if (bytes < 0 || bytes % (int)sizeof(RankedMatch) != 0) {
        sqlite3_free(cursor->pVtab->zErrMsg);
        cursor->pVtab->zErrMsg = sqlite3_mprintf("circles_matches: takes what circles_best answers");
        return SQLITE_ERROR;
    }
    if (bytes == 0) return SQLITE_OK;
    const void *blob = sqlite3_value_blob(argv[0]);
    matches->matches = sqlite3_malloc(bytes);
    if (matches->matches == NULL) return SQLITE_NOMEM;
    memcpy(matches->matches, blob, (size_t)bytes);
    matches->count = bytes / (int)sizeof(RankedMatch);
    return SQLITE_OK;
}

static int matchesNext(sqlite3_vtab_cursor *cursor) {
    ((MatchesCursor *)cursor)->index++;
    return SQLITE_OK;
}

static int matchesEof(sqlite3_vtab_cursor *cursor) {
    MatchesCursor *matches = (MatchesCursor *)cursor;
    return matches->index >= matches->count;
}

static int matchesColumn(sqlite3_vtab_cursor *cursor, sqlite3_context *context, int column) {
    MatchesCursor *matches = (MatchesCursor *)cursor;
    RankedMatch match = matches->matches[matches->index];
    if (column == matchesId) sqlite3_result_int64(context, match.rowid);
    else if (column == matchesRank) sqlite3_result_double(context, match.rank);
    return SQLITE_OK;
}

static int matchesRowid(sqlite3_vtab_cursor *cursor, sqlite3_int64 *rowid) {
    *rowid = ((MatchesCursor *)cursor)->index;
    return SQLITE_OK;
}

static sqlite3_module matchesModule = {
    .iVersion = 0,
    .xConnect = matchesConnect,
    .xBestIndex = matchesBestIndex,
    .xDisconnect = matchesDisconnect,
    .xOpen = matchesOpen,
    .xClose = matchesClose,
    .xFilter = matchesFilter,
    .xNext = matchesNext,
    .xEof = matchesEof,
    .xColumn = matchesColumn,
    .xRowid = matchesRowid,
};

int circles_register_search_rank(void *connection) {
    sqlite3 *db = connection;
    fts5_api *fts5 = NULL;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, (void *)&fts5, "fts5_api_ptr", NULL);
    sqlite3_step(statement);
    rc = sqlite3_finalize(statement);
    if (rc != SQLITE_OK) return rc;
    if (fts5 == NULL || fts5->iVersion < 2) return SQLITE_ERROR;
    rc = fts5->xCreateFunction(fts5, "circles_rank", NULL, circlesRank, NULL);
    if (rc != SQLITE_OK) return rc;
    rc = fts5->xCreateFunction(fts5, "circles_best", NULL, circlesBest, NULL);
    if (rc != SQLITE_OK) return rc;
    return sqlite3_create_module_v2(db, "circles_matches", &matchesModule, NULL, NULL);
}
