//! Summary statistics of sample columns. (Being written.)
