//! What setting text draws on, in one handle: the build's parsed faces
//! ([`crate::fontkit::Faces`], shared between threads), this thread's shaping and word memos
//! ([`crate::typeset::text::memo`]), and the author's hyphenation exceptions (which decide the
//! break points the word memo keeps). The handle only holds them: each part does its own work,
//! and the faces' methods are the store's (through `Deref`).

use crate::config::HyphenationExceptions;
use crate::diag::Diagnostic;
use crate::fontkit::Faces;
use crate::fonts::FontFiles;
use crate::typeset::text::memo::Memo;
use std::ops::Deref;
use std::sync::Arc;

/// All faces of a build, with a thread's memos and the hyphenation exceptions.
pub struct FontStore {
    /// Shared (read-only) with the stores of other threads made through [`FontStore::share`].
    pub(crate) faces: Arc<Faces>,
    pub(crate) memo: Memo,
    pub(crate) exceptions: Arc<HyphenationExceptions>,
}

impl std::fmt::Debug for FontStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontStore")
            .field("faces", &self.faces)
            .finish()
    }
}

impl Deref for FontStore {
    type Target = Faces;

    fn deref(&self) -> &Faces {
        &self.faces
    }
}

/// The parsed faces and exceptions of a [`FontStore`], to be sent to another thread.
pub(crate) struct SharedFaces {
    faces: Arc<Faces>,
    exceptions: Arc<HyphenationExceptions>,
}

impl SharedFaces {
    /// A store over these faces with an empty memo (the same face ids as the original).
    pub(crate) fn store(self) -> FontStore {
        FontStore {
            faces: self.faces,
            memo: Memo::new(),
            exceptions: self.exceptions,
        }
    }
}

impl FontStore {
    /// Parses every distinct font file once (see [`Faces::new`]); no exceptions.
    pub fn new(files: &FontFiles) -> Result<FontStore, Diagnostic> {
        let shared = SharedFaces {
            faces: Arc::new(Faces::new(files)?),
            exceptions: Arc::default(),
        };
        Ok(shared.store())
    }

    /// The same store, hyphenating the words of `exceptions` the author's way.
    pub fn with_exceptions(self, exceptions: HyphenationExceptions) -> FontStore {
        FontStore {
            exceptions: Arc::new(exceptions),
            ..self
        }
    }

    /// What another thread needs to make its own store over the same parsed faces: a store's
    /// memo is not shared between threads, the faces are.
    pub(crate) fn share(&self) -> SharedFaces {
        SharedFaces {
            faces: Arc::clone(&self.faces),
            exceptions: Arc::clone(&self.exceptions),
        }
    }
}
