//! Vietnamese text functions: NFC normalization ([`nfc`]), matching keys
//! that ignore case, tone placement and dash style ([`match_key`],
//! [`locality_key`]), display normalization of tone placement
//! ([`canonical_tone_placement`]), URL slugs ([`slugify`]) and Vietnamese
//! collation ([`Collator`], [`collator()`], [`sort_vi_by`]). Everything here
//! is pure and stateless apart from the shared collator; it knows nothing
//! about the site's content model, files or templates.

mod collate;
mod normalize;
mod slug;
mod tone;

pub use collate::{Collator, collator, sort_vi_by};
pub use normalize::{canonical_tone_placement, locality_key, match_key, nfc};
pub use slug::{MAX_SLUG, slugify, title_slug};
