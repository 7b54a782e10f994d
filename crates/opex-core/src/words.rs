//! Closed sets of values written as words (in the database, in JSON and on
//! the command line): one macro gives each its list, its words and parsing
//! them back, with an error that names what was being named.

/// `words!(Type, "what it is", { Variant => "word", ... })` gives `Type::ALL`,
/// `Type::as_str` and `FromStr` (failing with `UnknownValue`).
macro_rules! words {
    ($ty:ident, $what:literal, { $($variant:ident => $word:literal),+ $(,)? }) => {
        impl $ty {
            pub const ALL: &'static [$ty] = &[$($ty::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($ty::$variant => $word),+
                }
            }
        }

        impl std::str::FromStr for $ty {
            type Err = crate::error::UnknownValue;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($word => Ok($ty::$variant),)+
                    _ => Err(crate::error::UnknownValue::new($what, s)),
                }
            }
        }
    };
}

pub(crate) use words;
