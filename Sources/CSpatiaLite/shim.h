// sqlite3 first: spatialite.h expects its declarations to be in scope.
#include <sqlite3.h>
#include <spatialite.h>

// Swift cannot pass SQLITE_TRANSIENT (a cast function pointer) or call C variadics; wrap both.
static inline int riskmap_bind_text_transient(sqlite3_stmt *s, int i, const char *text, int n) {
    return sqlite3_bind_text(s, i, text, n, SQLITE_TRANSIENT);
}
static inline int riskmap_bind_blob_transient(sqlite3_stmt *s, int i, const void *blob, int n) {
    return sqlite3_bind_blob(s, i, blob, n, SQLITE_TRANSIENT);
}
static inline int riskmap_bind_blob_static(sqlite3_stmt *s, int i, const void *blob, int n) {
    return sqlite3_bind_blob(s, i, blob, n, SQLITE_STATIC);
}
static inline int riskmap_db_config_defensive(sqlite3 *db, int on) {
    return sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, on, (int *)0);
}
