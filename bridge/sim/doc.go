// Package sim is Forkcast's simulated audience and vote-stream replay: two
// vote sources for rehearsals, tests and benchmarks. It imports only app/vote
// and the standard library.
//
// # Simulated audience
//
// New(cfg) returns an *Audience, a vote.Source named "sim" that also
// implements vote.PollWatcher. Each time a rehearsal poll opens, a share
// (turnout) of its phones text: a burst in the first seconds (burst,
// burst-share), a tail thinning out towards the close (the poll's timer, or
// window for a poll closed by key), and some texts after the close (late).
// Votes follow bias, per choice number or per keyword; some voters change
// their vote (change), send something that is not a vote first (invalid:
// typos, emoji, "1 or 2", empty), text a keyword (keywords) or write the
// number in another script or form (scripts: ２, 2️⃣, ②, "Two", 二, 貳, ٢, ۲, २, ২, ๒), text
// STOP (stop); the network delivers some texts twice with the same
// ProviderID (dup). Rating polls get 1-10 texts around mean with sd.
// Messages carry ReceivedAt = the simulated send time (poll open + offset,
// or close + offset for late texts).
//
// ParseSpec reads the command-line form, e.g.
// sim:audience=300,bias=60/40,seed=7,late=0.05,change=0.1,invalid=0.05.
// SpecHelp lists every key with its default:
//
//	audience=300     phones (at most MaxAudience = 11000)
//	turnout=0.8      share of phones that vote in each poll
//	bias=60/40       weights of choices 1, 2, ...; or 2:80 / breach:70 entries;
//	                 choices not named share what is left of 100; empty = even
//	keywords=0.2     share of votes texted as the choice's keyword
//	seed=1           the same seed and the same polls give the same texts
//	rate=0           cap in texts/s (0 = none); load mode's steady rate (2000)
//	burst=5s         opening burst; burst-share=0.6 of voters text within it
//	window=30s       voting window of a poll closed by key
//	late=0.05        share of voters whose text arrives after the close
//	change=0.1       share of voters who change their vote
//	invalid=0.05     share of voters whose first text is not a vote
//	dup=0.02         share of texts delivered twice (same ProviderID)
//	stop=0.01        share of voters who text STOP after voting
//	scripts=0.03     share of votes in another script or form
//	mean=7.5, sd=1.5 the rating distribution
//	load=1           load mode: 10000 phones, rate= texts/s while a poll is open
//	batch=200        most texts per Ingest call (one commit)
//	instant=1        send every text at once, stamped with its planned time
//
// Shares are fractions (0.05) or percents (5%); durations are Go durations
// (1.5s) or seconds. An explicit 0 turns a behaviour off.
//
// # Determinism
//
// The texts of a poll depend only on the seed, the poll's ordinal (1 for the
// first poll the audience sees), the PollInfo (kind, choices, open and close
// times) and the bias in force when it opened. The same seed and the same
// poll sequence give the same messages, ProviderIDs included
// ("sim-SEED-POLLID-SEQ"). Only wall-clock pacing differs between runs.
//
// # Phone numbers
//
// Phone(i) names phone i: i < 10000 is +1 AAA 555 01NN, where AAA is one of
// 100 US area codes and 555-0100..0199 is the NANP range reserved for
// fiction in every area code; 10000 ≤ i < 11000 is +44 7700 900NNN, Ofcom's
// drama range. No simulated text ever names a real phone.
//
// # Load mode
//
// With load=1 the audience defaults to 10,000 phones and each open poll
// receives rate texts a second (default 2,000) from random phones, for as
// long as it stays open (with instant, one window's worth at once), batched
// batch texts per Ingest.
//
// # Replay
//
// NewReplay returns a *Replay, a vote.Source named "replay" that replays a
// recorded session's texts from a vote-stream file (vote.StreamFormat, JSON Lines)
// onto the polls of a rehearsal: the recording's n-th poll is re-based onto
// the n-th poll opened, at the original pace or Speed times faster, and its
// late texts follow the close. ParseReplaySpec reads replay:FILE[,speed=10].
//
// # Tests and walks
//
// With Instant a poll's in-window texts are sent as soon as it opens and its
// late texts as soon as it closes, each stamped with its planned time; WaitPoll
// blocks until they are all ingested. Together with a fake clock (Now) this
// lets a rehearsal walk run a whole talk in a moment.
package sim
