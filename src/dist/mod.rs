//! Distribution families: parameter checks, sampling, CDFs. (Being written.)
