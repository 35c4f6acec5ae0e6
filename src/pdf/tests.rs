//! Tests of the engine as a whole: layout rules checked on the frames, PDF determinism.
