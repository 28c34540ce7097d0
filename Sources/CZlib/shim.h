#include <zlib.h>

// deflateInit2 is a macro over deflateInit2_; Swift sees only the function.
static inline int riskmap_deflate_init_gzip(z_stream *s, int level) {
    return deflateInit2(s, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}
static inline int riskmap_inflate_init_gzip(z_stream *s) {
    return inflateInit2(s, 15 + 32);
}
