//! Closed sets kept as text codes: in the database, in data files, on the wire to the
//! window and in `--json`. [`code_enum!`] makes each one an enum, so the compiler finds
//! every use, while the stored and sent codes stay the very words they were. A leaf.

/// An enum whose variants are stored and sent as fixed text codes:
///
/// ```
/// plm_core::code_enum! {
///     /// How sure we are.
///     pub enum Sure { Yes = "yes", No = "no" }
/// }
/// assert_eq!(Sure::from_code("yes"), Some(Sure::Yes));
/// assert_eq!(serde_json::to_string(&Sure::No).unwrap(), "\"no\"");
/// ```
///
/// It gets `ALL` (in the order written), `code()`, `from_code()`, `Display` (the code),
/// serde as the code (an unknown code is refused), and SQLite's `ToSql`/`FromSql` (an
/// unknown code in a row is an error naming it, never a silent default).
#[macro_export]
macro_rules! code_enum {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $variant:ident = $code:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            /// Every value, in the order the set is written.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The code as stored and sent.
            pub fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }

            /// The value of a stored or sent code (exact; see the module's own parser for
            /// what people type).
            pub fn from_code(code: &str) -> Option<$name> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }

            /// What someone typed: the code, or the label `label` gives it in either
            /// language (case, accents, spaces, `_` and `-` do not matter).
            pub fn from_typed(
                typed: &str,
                label: impl Fn($name, $crate::i18n::Lang) -> &'static str,
            ) -> Option<$name> {
                use $crate::i18n::Lang;
                $name::ALL.iter().copied().find(|v| {
                    $crate::i18n::typed_as(typed, &[v.code(), label(*v, Lang::Id), label(*v, Lang::En)])
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.code() == *other
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::from_code(&s).ok_or_else(|| {
                    serde::de::Error::unknown_variant(&s, &[$($code),+])
                })
            }
        }

        impl rusqlite::types::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(
                v: rusqlite::types::ValueRef<'_>,
            ) -> rusqlite::types::FromSqlResult<Self> {
                let text = v.as_str()?;
                $name::from_code(text).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(
                        format!(concat!("unknown ", stringify!($name), " {:?}"), text).into(),
                    )
                })
            }
        }
    };
}

#[cfg(test)]
mod tests {
    crate::code_enum! {
        /// A test set.
        pub enum Colour { Red = "red", DeepBlue = "deep_blue" }
    }

    #[test]
    fn codes_go_and_come_back_everywhere_and_unknown_ones_are_refused() {
        assert_eq!(Colour::ALL, &[Colour::Red, Colour::DeepBlue]);
        assert_eq!(Colour::DeepBlue.code(), "deep_blue");
        assert_eq!(Colour::DeepBlue.to_string(), "deep_blue");
        assert_eq!(Colour::from_code("red"), Some(Colour::Red));
        assert_eq!(Colour::from_code("Red"), None);
        assert!(Colour::Red == "red");
        let label = |c: Colour, lang: crate::i18n::Lang| match (c, lang) {
            (Colour::Red, crate::i18n::Lang::Id) => "Merah",
            (Colour::Red, crate::i18n::Lang::En) => "Red",
            (Colour::DeepBlue, crate::i18n::Lang::Id) => "Biru Tua",
            (Colour::DeepBlue, crate::i18n::Lang::En) => "Deep blue",
        };
        assert_eq!(
            Colour::from_typed(" biru tua ", label),
            Some(Colour::DeepBlue)
        );
        assert_eq!(
            Colour::from_typed("deep-blue", label),
            Some(Colour::DeepBlue)
        );
        assert_eq!(Colour::from_typed("MERAH", label), Some(Colour::Red));
        assert_eq!(Colour::from_typed("green", label), None);
        assert_eq!(
            serde_json::to_string(&Colour::DeepBlue).unwrap(),
            "\"deep_blue\""
        );
        assert_eq!(
            serde_json::from_str::<Colour>("\"red\"").unwrap(),
            Colour::Red
        );
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        let c = rusqlite::Connection::open_in_memory().unwrap();
        let back: Colour = c
            .query_row("SELECT ?1", [Colour::DeepBlue], |r| r.get(0))
            .unwrap();
        assert_eq!(back, Colour::DeepBlue);
        let bad = c.query_row("SELECT 'green'", [], |r| r.get::<_, Colour>(0));
        assert!(bad
            .unwrap_err()
            .to_string()
            .contains("unknown Colour \"green\""));
    }
}
