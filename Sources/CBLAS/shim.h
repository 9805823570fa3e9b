// The CBLAS interface of OpenBLAS (Debian: libopenblas-dev). On macOS the engine uses Accelerate instead.
#include <cblas.h>
