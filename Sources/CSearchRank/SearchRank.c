#include "SearchRank.h"
#include <sqlite3.h>
#include <math.h>
#include <string.h>

enum { maximumColumns = 16, maximumPhrases = 16 };
/// BM25's term-frequency saturation: the second hit of a word in a column adds less than the first.
static const double saturation = 1.2;
/// Scores are kept to 1/1000 and placed above 32 bits of rowid; both fit a double's 53-bit mantissa.
static const double scoreScale = 1000.0;
static const double rowidRange = 4294967296.0;
static const double largestScore = 1048575.0;

static void circlesRank(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *context,
                        int argumentCount, sqlite3_value **arguments) {
    int columnCount = api->xColumnCount(fts);
    int phraseCount = api->xPhraseCount(fts);
    if (columnCount > maximumColumns) columnCount = maximumColumns;
    if (phraseCount > maximumPhrases) phraseCount = maximumPhrases;
    int hits[maximumPhrases][maximumColumns];
    for (int phrase = 0; phrase < phraseCount; phrase++) memset(hits[phrase], 0, sizeof(int) * columnCount);
    // Each phrase's hits, column by column, straight from its position list (no merged instance list).
    for (int phrase = 0; phrase < phraseCount; phrase++) {
        Fts5PhraseIter iterator;
        int column = 0, offset = 0;
        int rc = api->xPhraseFirst(fts, phrase, &iterator, &column, &offset);
        if (rc != SQLITE_OK) { sqlite3_result_error_code(context, rc); return; }
        for (; column >= 0; api->xPhraseNext(fts, &iterator, &column, &offset)) {
            if (column < columnCount) hits[phrase][column]++;
        }
    }
    double score = 0;
    for (int column = 0; column < columnCount; column++) {
        double weight = column < argumentCount ? sqlite3_value_double(arguments[column]) : 1.0;
        for (int phrase = 0; phrase < phraseCount; phrase++) {
            double frequency = hits[phrase][column];
            if (frequency > 0) score += weight * frequency * (saturation + 1) / (frequency + saturation);
        }
    }
    double scaled = floor(score * scoreScale);
    if (scaled > largestScore) scaled = largestScore;
    if (scaled < 0) scaled = 0;
    sqlite3_int64 rowid = api->xRowid(fts);
    double position = (double)(rowid & 0xFFFFFFFF);
    sqlite3_result_double(context, -scaled * rowidRange + position);
}

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
    return fts5->xCreateFunction(fts5, "circles_rank", NULL, circlesRank, NULL);
}
