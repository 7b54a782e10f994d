//! What a participant's phone is sent in a workshop, and what it may send.
//! The phone's view is built on the presented view (`PresentedDto`), which by
//! its type has no facilitator notes, no other question's data and no vote
//! before the reveal; beside it, only the phone's own vote and the names a
//! newcomer may pick from.

use super::common::AnswerDto;
use super::workshop::{ParticipantDto, PresentedDto};
use opex_core::workshop::Anonymity;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A workshop as one phone sees it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhoneDto {
    pub team_name: String,
    /// The workshop's name as the room knows it: the bank and the day.
    pub workshop_name: String,
    pub anonymity: Anonymity,
    /// Whether this phone has joined (an anonymous workshop's phones join
    /// with no name).
    pub joined: bool,
    /// The name this phone votes as; null before joining and in an anonymous workshop.
    pub me: Option<String>,
    /// Before joining, in an open or facilitator-only workshop: the names no
    /// other phone has taken. Empty once joined, and in an anonymous workshop.
    pub names: Vec<ParticipantDto>,
    /// Whether a newcomer may type an alias instead of picking a name.
    pub alias_allowed: bool,
    /// The projector's view of the current question; null before joining.
    pub presented: Option<PresentedDto>,
    /// This phone's own vote in the current round.
    pub my_vote: Option<AnswerDto>,
    /// Whether a tap votes now: joined, the question open for votes, the
    /// workshop not finished.
    pub can_vote: bool,
}

/// A tap on a phone: a level, not applicable, or don't know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
#[ts(export)]
pub enum PhoneChoiceDto {
    Level { level: u8 },
    NotApplicable,
    DontKnow,
}

/// A phone's vote on the question and round it was shown, so a vote made just
/// before the facilitator moved on never lands on the next question or round.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PhoneVoteDto {
    pub question_id: String,
    pub round: u32,
    pub choice: PhoneChoiceDto,
}

/// How a phone joins: by picking a name from the list, by typing an alias,
/// or (anonymous workshops) with neither.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
#[ts(export)]
pub struct PhoneJoinDto {
    #[serde(default)]
    #[ts(optional = nullable)]
    pub participant_id: Option<i64>,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub alias: Option<String>,
}

/// A network address the facilitator may let phones reach opex on.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct NetworkChoiceDto {
    /// The IP address to bind, as text ("192.168.1.23", "127.0.0.1", "0.0.0.0").
    pub address: String,
    /// What the facilitator reads: "Wi-Fi or Ethernet (wlp2s0) · 192.168.1.23".
    pub label: String,
    /// The laptop's main LAN address: chosen unless the facilitator picks another.
    pub default: bool,
    /// Said beside the choice before it is taken (all interfaces; this computer only).
    pub warning: Option<String>,
}

/// Phone voting as the facilitator (and the projector) sees it while it runs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
#[ts(export)]
pub struct PhoneStatusDto {
    pub assessment_id: i64,
    /// The link phones open: the address, the port and the session's secret token.
    pub url: String,
    /// The link as a QR code: an SVG image as a `data:` URI, drawn here.
    pub qr: String,
    /// The address the server listens on.
    pub address: String,
    /// Participants who joined from a phone (open and facilitator-only workshops).
    pub joined: Vec<i64>,
    /// Phones that joined, named or not.
    pub phones: u32,
    /// At most this many phones may join.
    pub max_phones: u32,
}
