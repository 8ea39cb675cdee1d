#ifndef CIRCLES_SEARCH_RANK_H
#define CIRCLES_SEARCH_RANK_H

/// Registers the FTS5 functions `circles_rank` and `circles_best` on one connection; returns an SQLite
/// result code. `circles_best` gives the best matches of a one-phrase query by `circles_rank` in one call
/// (see SearchRank.c).
///
/// `circles_rank(weight, ...)` scores a match by BM25 term saturation summed over the query's phrases,
/// one weight per column, without length normalization or inverse document frequency: a row's score then
/// depends on its own text and the query only, so inserting other groups never reorders results between
/// two pages. The score is folded with the rowid into one number (best first, then lowest id), which
/// makes FTS5's own `ORDER BY rank` a total order that a keyset cursor can resume from.
int circles_register_search_rank(void *connection);

#endif
