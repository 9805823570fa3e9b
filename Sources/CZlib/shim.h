// zlib (Debian: zlib1g-dev), used to read gzip-compressed data sets.
#include <zlib.h>
