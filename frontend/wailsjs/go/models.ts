export namespace desktop {
	
	export class Display {
	    index: number;
	    width: number;
	    height: number;
	    primary: boolean;
	    current: boolean;
	
	    static createFrom(source: any = {}) {
	        return new Display(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.index = source["index"];
	        this.width = source["width"];
	        this.height = source["height"];
	        this.primary = source["primary"];
	        this.current = source["current"];
	    }
	}
	export class LAN {
	    on: boolean;
	    urls: string[];
	    remote: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new LAN(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.on = source["on"];
	        this.urls = source["urls"];
	        this.remote = source["remote"];
	        this.note = source["note"];
	    }
	}
	export class Links {
	    stage: string;
	    console: string;
	    note: string;
	
	    static createFrom(source: any = {}) {
	        return new Links(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.stage = source["stage"];
	        this.console = source["console"];
	        this.note = source["note"];
	    }
	}
	export class Presented {
	    display: number;
	    how: string;
	    message: string;
	
	    static createFrom(source: any = {}) {
	        return new Presented(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.display = source["display"];
	        this.how = source["how"];
	        this.message = source["message"];
	    }
	}
	export class Published {
	    site: string;
	    report: string;
	    files: number;
	
	    static createFrom(source: any = {}) {
	        return new Published(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.site = source["site"];
	        this.report = source["report"];
	        this.files = source["files"];
	    }
	}
	export class StageWindow {
	    up: boolean;
	    display: number;
	    native: boolean;
	
	    static createFrom(source: any = {}) {
	        return new StageWindow(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.up = source["up"];
	        this.display = source["display"];
	        this.native = source["native"];
	    }
	}

}

export namespace rehearse {
	
	export class BranchCoverage {
	    scene: string;
	    choice: number;
	    label: string;
	    target: string;
	    taken: number;
	    byVote: number;
	
	    static createFrom(source: any = {}) {
	        return new BranchCoverage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.choice = source["choice"];
	        this.label = source["label"];
	        this.target = source["target"];
	        this.taken = source["taken"];
	        this.byVote = source["byVote"];
	    }
	}
	export class BranchTiming {
	    scene: string;
	    choice: number;
	    label: string;
	    target: string;
	    paths: number;
	    overrunPaths: number;
	    minMs: number;
	    maxMs: number;
	    verdict: string;
	
	    static createFrom(source: any = {}) {
	        return new BranchTiming(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.choice = source["choice"];
	        this.label = source["label"];
	        this.target = source["target"];
	        this.paths = source["paths"];
	        this.overrunPaths = source["overrunPaths"];
	        this.minMs = source["minMs"];
	        this.maxMs = source["maxMs"];
	        this.verdict = source["verdict"];
	    }
	}
	export class ChoiceFinish {
	    choice: number;
	    target: string;
	    ms: number;
	    fits: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChoiceFinish(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.choice = source["choice"];
	        this.target = source["target"];
	        this.ms = source["ms"];
	        this.fits = source["fits"];
	    }
	}
	export class PollResult {
	    id: number;
	    scene: string;
	    kind: string;
	    counts: Record<number, number>;
	    total: number;
	    invalid: number;
	    wanted?: number;
	    winner?: number;
	    decidedBy?: string;
	
	    static createFrom(source: any = {}) {
	        return new PollResult(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.scene = source["scene"];
	        this.kind = source["kind"];
	        this.counts = source["counts"];
	        this.total = source["total"];
	        this.invalid = source["invalid"];
	        this.wanted = source["wanted"];
	        this.winner = source["winner"];
	        this.decidedBy = source["decidedBy"];
	    }
	}
	export class WalkRun {
	    session: number;
	    scenes: string[];
	    polls: PollResult[];
	
	    static createFrom(source: any = {}) {
	        return new WalkRun(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session = source["session"];
	        this.scenes = source["scenes"];
	        this.polls = this.convertValues(source["polls"], PollResult);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Coverage {
	    title: string;
	    hash: string;
	    choices: number;
	    covered: number;
	    percent: number;
	    scenes: number;
	    visited: number;
	    unreached: string[];
	    branches: BranchCoverage[];
	    runs: WalkRun[];
	    texts: number;
	    problems: string[];
	
	    static createFrom(source: any = {}) {
	        return new Coverage(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.hash = source["hash"];
	        this.choices = source["choices"];
	        this.covered = source["covered"];
	        this.percent = source["percent"];
	        this.scenes = source["scenes"];
	        this.visited = source["visited"];
	        this.unreached = source["unreached"];
	        this.branches = this.convertValues(source["branches"], BranchCoverage);
	        this.runs = this.convertValues(source["runs"], WalkRun);
	        this.texts = source["texts"];
	        this.problems = source["problems"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class ForkFinish {
	    scene: string;
	    leftMs: number;
	    choices: ChoiceFinish[];
	    exit?: string;
	    exitMs: number;
	    proposeExit: boolean;
	    spokesFit: number;
	
	    static createFrom(source: any = {}) {
	        return new ForkFinish(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.leftMs = source["leftMs"];
	        this.choices = this.convertValues(source["choices"], ChoiceFinish);
	        this.exit = source["exit"];
	        this.exitMs = source["exitMs"];
	        this.proposeExit = source["proposeExit"];
	        this.spokesFit = source["spokesFit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class SpokeTimed {
	    choice: number;
	    label: string;
	    target: string;
	    minMs: number;
	    maxMs: number;
	
	    static createFrom(source: any = {}) {
	        return new SpokeTimed(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.choice = source["choice"];
	        this.label = source["label"];
	        this.target = source["target"];
	        this.minMs = source["minMs"];
	        this.maxMs = source["maxMs"];
	    }
	}
	export class HubTiming {
	    scene: string;
	    hubMs: number;
	    fromMs: number;
	    spokes: SpokeTimed[];
	    exit?: string;
	    exitMs: number;
	    allMs: number;
	    fit: number;
	
	    static createFrom(source: any = {}) {
	        return new HubTiming(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.hubMs = source["hubMs"];
	        this.fromMs = source["fromMs"];
	        this.spokes = this.convertValues(source["spokes"], SpokeTimed);
	        this.exit = source["exit"];
	        this.exitMs = source["exitMs"];
	        this.allMs = source["allMs"];
	        this.fit = source["fit"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class PathTiming {
	    scenes: string[];
	    choices: number[];
	    ending: string;
	    slides: number;
	    recordedSlides: number;
	    ms: number;
	    recordedMs: number;
	    estimatedMs: number;
	    overMs: number;
	    overrun: boolean;
	
	    static createFrom(source: any = {}) {
	        return new PathTiming(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scenes = source["scenes"];
	        this.choices = source["choices"];
	        this.ending = source["ending"];
	        this.slides = source["slides"];
	        this.recordedSlides = source["recordedSlides"];
	        this.ms = source["ms"];
	        this.recordedMs = source["recordedMs"];
	        this.estimatedMs = source["estimatedMs"];
	        this.overMs = source["overMs"];
	        this.overrun = source["overrun"];
	    }
	}
	
	export class SlideTiming {
	    scene: string;
	    slide: number;
	    words: number;
	    codeLines: number;
	    poll: boolean;
	    samples: number;
	    recordedMs: number;
	    estimateMs: number;
	    ms: number;
	    source: string;
	
	    static createFrom(source: any = {}) {
	        return new SlideTiming(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.slide = source["slide"];
	        this.words = source["words"];
	        this.codeLines = source["codeLines"];
	        this.poll = source["poll"];
	        this.samples = source["samples"];
	        this.recordedMs = source["recordedMs"];
	        this.estimateMs = source["estimateMs"];
	        this.ms = source["ms"];
	        this.source = source["source"];
	    }
	}
	export class Report {
	    title: string;
	    hash: string;
	    slotMs: number;
	    wpm: number;
	    perSlideMs: number;
	    perCodeLineMs: number;
	    pollMs: number;
	    sessions: number[];
	    recordedSlides: number;
	    totalSlides: number;
	    slides: SlideTiming[];
	    paths: PathTiming[];
	    pathsTruncated: boolean;
	    shortest: number;
	    longest: number;
	    branches: BranchTiming[];
	    hubs: HubTiming[];
	
	    static createFrom(source: any = {}) {
	        return new Report(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.hash = source["hash"];
	        this.slotMs = source["slotMs"];
	        this.wpm = source["wpm"];
	        this.perSlideMs = source["perSlideMs"];
	        this.perCodeLineMs = source["perCodeLineMs"];
	        this.pollMs = source["pollMs"];
	        this.sessions = source["sessions"];
	        this.recordedSlides = source["recordedSlides"];
	        this.totalSlides = source["totalSlides"];
	        this.slides = this.convertValues(source["slides"], SlideTiming);
	        this.paths = this.convertValues(source["paths"], PathTiming);
	        this.pathsTruncated = source["pathsTruncated"];
	        this.shortest = source["shortest"];
	        this.longest = source["longest"];
	        this.branches = this.convertValues(source["branches"], BranchTiming);
	        this.hubs = this.convertValues(source["hubs"], HubTiming);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	

}

export namespace show {
	
	export class ChoiceTally {
	    number: number;
	    label: string;
	    keywords?: string[];
	    target: string;
	    count: number;
	    percent: number;
	    greyed?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new ChoiceTally(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number = source["number"];
	        this.label = source["label"];
	        this.keywords = source["keywords"];
	        this.target = source["target"];
	        this.count = source["count"];
	        this.percent = source["percent"];
	        this.greyed = source["greyed"];
	    }
	}
	export class InboxEntry {
	    id: number;
	    source: string;
	    sender: string;
	    text: string;
	    // Go type: time
	    receivedAt: any;
	    // Go type: time
	    storedAt: any;
	    poll?: number;
	    result: string;
	    choice?: number;
	    reason?: string;
	
	    static createFrom(source: any = {}) {
	        return new InboxEntry(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.source = source["source"];
	        this.sender = source["sender"];
	        this.text = source["text"];
	        this.receivedAt = this.convertValues(source["receivedAt"], null);
	        this.storedAt = this.convertValues(source["storedAt"], null);
	        this.poll = source["poll"];
	        this.result = source["result"];
	        this.choice = source["choice"];
	        this.reason = source["reason"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class NextInfo {
	    scene: string;
	    slide: number;
	    end: boolean;
	
	    static createFrom(source: any = {}) {
	        return new NextInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.slide = source["slide"];
	        this.end = source["end"];
	    }
	}
	export class PathStep {
	    scene: string;
	    // Go type: time
	    at: any;
	    choice?: number;
	    by?: string;
	
	    static createFrom(source: any = {}) {
	        return new PathStep(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.scene = source["scene"];
	        this.at = this.convertValues(source["at"], null);
	        this.choice = source["choice"];
	        this.by = source["by"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class RatingStats {
	    histogram: number[];
	    count: number;
	    mean: number;
	    median: number;
	    nps: number;
	
	    static createFrom(source: any = {}) {
	        return new RatingStats(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.histogram = source["histogram"];
	        this.count = source["count"];
	        this.mean = source["mean"];
	        this.median = source["median"];
	        this.nps = source["nps"];
	    }
	}
	export class PollState {
	    id: number;
	    scene: string;
	    kind: string;
	    state: string;
	    number: string;
	    choices: ChoiceTally[];
	    total: number;
	    invalid: number;
	    // Go type: time
	    openedAt: any;
	    // Go type: time
	    closesAt: any;
	    // Go type: time
	    closedAt: any;
	    timer: number;
	    policy: string;
	    ties: string;
	    hideResults: boolean;
	    winner?: number;
	    tie?: number[];
	    decidedBy?: string;
	    override?: string;
	    overridePrivate?: boolean;
	    rating?: RatingStats;
	
	    static createFrom(source: any = {}) {
	        return new PollState(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.scene = source["scene"];
	        this.kind = source["kind"];
	        this.state = source["state"];
	        this.number = source["number"];
	        this.choices = this.convertValues(source["choices"], ChoiceTally);
	        this.total = source["total"];
	        this.invalid = source["invalid"];
	        this.openedAt = this.convertValues(source["openedAt"], null);
	        this.closesAt = this.convertValues(source["closesAt"], null);
	        this.closedAt = this.convertValues(source["closedAt"], null);
	        this.timer = source["timer"];
	        this.policy = source["policy"];
	        this.ties = source["ties"];
	        this.hideResults = source["hideResults"];
	        this.winner = source["winner"];
	        this.tie = source["tie"];
	        this.decidedBy = source["decidedBy"];
	        this.override = source["override"];
	        this.overridePrivate = source["overridePrivate"];
	        this.rating = this.convertValues(source["rating"], RatingStats);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class SessionInfo {
	    id: number;
	    mode: string;
	    // Go type: time
	    startedAt: any;
	    resumed: boolean;
	
	    static createFrom(source: any = {}) {
	        return new SessionInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.mode = source["mode"];
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.resumed = source["resumed"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StoryInfo {
	    title: string;
	    hash: string;
	    number: string;
	    slot: number;
	
	    static createFrom(source: any = {}) {
	        return new StoryInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.title = source["title"];
	        this.hash = source["hash"];
	        this.number = source["number"];
	        this.slot = source["slot"];
	    }
	}
	export class State {
	    session: SessionInfo;
	    story: StoryInfo;
	    scene: string;
	    slide: number;
	    slides: number;
	    atFork: boolean;
	    atEnd: boolean;
	    next?: NextInfo;
	    poll?: PollState;
	    blank: boolean;
	    ended: boolean;
	    confirmClose: boolean;
	    path: PathStep[];
	    sources: vote.Health[];
	    // Go type: time
	    now: any;
	    // Go type: time
	    startedAt: any;
	    clock: number;
	    clockState: string;
	    version: number;
	
	    static createFrom(source: any = {}) {
	        return new State(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.session = this.convertValues(source["session"], SessionInfo);
	        this.story = this.convertValues(source["story"], StoryInfo);
	        this.scene = source["scene"];
	        this.slide = source["slide"];
	        this.slides = source["slides"];
	        this.atFork = source["atFork"];
	        this.atEnd = source["atEnd"];
	        this.next = this.convertValues(source["next"], NextInfo);
	        this.poll = this.convertValues(source["poll"], PollState);
	        this.blank = source["blank"];
	        this.ended = source["ended"];
	        this.confirmClose = source["confirmClose"];
	        this.path = this.convertValues(source["path"], PathStep);
	        this.sources = this.convertValues(source["sources"], vote.Health);
	        this.now = this.convertValues(source["now"], null);
	        this.startedAt = this.convertValues(source["startedAt"], null);
	        this.clock = source["clock"];
	        this.clockState = source["clockState"];
	        this.version = source["version"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class StoryDoc {
	    story?: story.Story;
	    graph: story.GraphData;
	    css: string;
	
	    static createFrom(source: any = {}) {
	        return new StoryDoc(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.story = this.convertValues(source["story"], story.Story);
	        this.graph = this.convertValues(source["graph"], story.GraphData);
	        this.css = source["css"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

export namespace story {
	
	export class Audio {
	    open?: string;
	    tenSeconds?: string;
	    winner?: string;
	    volume: number;
	
	    static createFrom(source: any = {}) {
	        return new Audio(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.open = source["open"];
	        this.tenSeconds = source["tenSeconds"];
	        this.winner = source["winner"];
	        this.volume = source["volume"];
	    }
	}
	export class Pos {
	    file?: string;
	    line: number;
	    col: number;
	
	    static createFrom(source: any = {}) {
	        return new Pos(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.line = source["line"];
	        this.col = source["col"];
	    }
	}
	export class Choice {
	    number: number;
	    label: string;
	    labelHtml: string;
	    target: string;
	    keywords?: string[];
	    pos: Pos;
	
	    static createFrom(source: any = {}) {
	        return new Choice(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number = source["number"];
	        this.label = source["label"];
	        this.labelHtml = source["labelHtml"];
	        this.target = source["target"];
	        this.keywords = source["keywords"];
	        this.pos = this.convertValues(source["pos"], Pos);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Fork {
	    pos: Pos;
	    choices: Choice[];
	
	    static createFrom(source: any = {}) {
	        return new Fork(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pos = this.convertValues(source["pos"], Pos);
	        this.choices = this.convertValues(source["choices"], Choice);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class GraphEdge {
	    from: string;
	    to: string;
	    choice?: number;
	    label?: string;
	
	    static createFrom(source: any = {}) {
	        return new GraphEdge(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.from = source["from"];
	        this.to = source["to"];
	        this.choice = source["choice"];
	        this.label = source["label"];
	    }
	}
	export class GraphNode {
	    id: string;
	    title?: string;
	    tags?: string[];
	    kind: string;
	    slides: number;
	    position?: string;
	    hub?: boolean;
	
	    static createFrom(source: any = {}) {
	        return new GraphNode(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.title = source["title"];
	        this.tags = source["tags"];
	        this.kind = source["kind"];
	        this.slides = source["slides"];
	        this.position = source["position"];
	        this.hub = source["hub"];
	    }
	}
	export class GraphData {
	    start: string;
	    nodes: GraphNode[];
	    edges: GraphEdge[];
	
	    static createFrom(source: any = {}) {
	        return new GraphData(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.start = source["start"];
	        this.nodes = this.convertValues(source["nodes"], GraphNode);
	        this.edges = this.convertValues(source["edges"], GraphEdge);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	
	
	export class Rating {
	    pos: Pos;
	    min: number;
	    max: number;
	    reply?: string;
	
	    static createFrom(source: any = {}) {
	        return new Rating(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.pos = this.convertValues(source["pos"], Pos);
	        this.min = source["min"];
	        this.max = source["max"];
	        this.reply = source["reply"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class Replies {
	    accepted?: string;
	    closed?: string;
	    invalid?: string;
	    rating?: string;
	    help?: string;
	
	    static createFrom(source: any = {}) {
	        return new Replies(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.accepted = source["accepted"];
	        this.closed = source["closed"];
	        this.invalid = source["invalid"];
	        this.rating = source["rating"];
	        this.help = source["help"];
	    }
	}
	export class Slide {
	    index: number;
	    pos: Pos;
	    html: string;
	    notes?: string;
	    notesHtml?: string;
	    words: number;
	    codeLines: number;
	
	    static createFrom(source: any = {}) {
	        return new Slide(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.index = source["index"];
	        this.pos = this.convertValues(source["pos"], Pos);
	        this.html = source["html"];
	        this.notes = source["notes"];
	        this.notesHtml = source["notesHtml"];
	        this.words = source["words"];
	        this.codeLines = source["codeLines"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	export class VoteOptions {
	    number: string;
	    timer: number;
	    policy: string;
	    ties: string;
	    open: string;
	    hideResults: boolean;
	    grace: number;
	    letters: boolean;
	    closeAtOnce: boolean;
	    visited?: string;
	
	    static createFrom(source: any = {}) {
	        return new VoteOptions(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.number = source["number"];
	        this.timer = source["timer"];
	        this.policy = source["policy"];
	        this.ties = source["ties"];
	        this.open = source["open"];
	        this.hideResults = source["hideResults"];
	        this.grace = source["grace"];
	        this.letters = source["letters"];
	        this.closeAtOnce = source["closeAtOnce"];
	        this.visited = source["visited"];
	    }
	}
	export class Scene {
	    id: string;
	    tags?: string[];
	    pos: Pos;
	    vote: VoteOptions;
	    audio?: Audio;
	    slides: Slide[];
	    next?: string;
	    fork?: Fork;
	    rating?: Rating;
	    exit?: string;
	    position?: string;
	    size?: string;
	
	    static createFrom(source: any = {}) {
	        return new Scene(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.id = source["id"];
	        this.tags = source["tags"];
	        this.pos = this.convertValues(source["pos"], Pos);
	        this.vote = this.convertValues(source["vote"], VoteOptions);
	        this.audio = this.convertValues(source["audio"], Audio);
	        this.slides = this.convertValues(source["slides"], Slide);
	        this.next = source["next"];
	        this.fork = this.convertValues(source["fork"], Fork);
	        this.rating = this.convertValues(source["rating"], Rating);
	        this.exit = source["exit"];
	        this.position = source["position"];
	        this.size = source["size"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	
	export class TwineInfo {
	    ifid?: string;
	    format?: string;
	    formatVersion?: string;
	
	    static createFrom(source: any = {}) {
	        return new TwineInfo(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.ifid = source["ifid"];
	        this.format = source["format"];
	        this.formatVersion = source["formatVersion"];
	    }
	}
	export class Story {
	    file: string;
	    hash: string;
	    title: string;
	    authors?: string[];
	    credits?: string;
	    start: string;
	    slot: number;
	    wpm: number;
	    theme?: string;
	    site?: string;
	    vote: VoteOptions;
	    replies: Replies;
	    languages: string[];
	    audio?: Audio;
	    safeArea: number;
	    twine: TwineInfo;
	    scenes: Scene[];
	
	    static createFrom(source: any = {}) {
	        return new Story(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.file = source["file"];
	        this.hash = source["hash"];
	        this.title = source["title"];
	        this.authors = source["authors"];
	        this.credits = source["credits"];
	        this.start = source["start"];
	        this.slot = source["slot"];
	        this.wpm = source["wpm"];
	        this.theme = source["theme"];
	        this.site = source["site"];
	        this.vote = this.convertValues(source["vote"], VoteOptions);
	        this.replies = this.convertValues(source["replies"], Replies);
	        this.languages = source["languages"];
	        this.audio = this.convertValues(source["audio"], Audio);
	        this.safeArea = source["safeArea"];
	        this.twine = this.convertValues(source["twine"], TwineInfo);
	        this.scenes = this.convertValues(source["scenes"], Scene);
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}
	

}

export namespace vote {
	
	export class Health {
	    source: string;
	    kind: string;
	    state: string;
	    detail: string;
	    // Go type: time
	    lastText: any;
	    received: number;
	    metrics?: Record<string, string>;
	
	    static createFrom(source: any = {}) {
	        return new Health(source);
	    }
	
	    constructor(source: any = {}) {
	        if ('string' === typeof source) source = JSON.parse(source);
	        this.source = source["source"];
	        this.kind = source["kind"];
	        this.state = source["state"];
	        this.detail = source["detail"];
	        this.lastText = this.convertValues(source["lastText"], null);
	        this.received = source["received"];
	        this.metrics = source["metrics"];
	    }
	
		convertValues(a: any, classs: any, asMap: boolean = false): any {
		    if (!a) {
		        return a;
		    }
		    if (a.slice && a.map) {
		        return (a as any[]).map(elem => this.convertValues(elem, classs));
		    } else if ("object" === typeof a) {
		        if (asMap) {
		            for (const key of Object.keys(a)) {
		                a[key] = new classs(a[key]);
		            }
		            return a;
		        }
		        return new classs(a);
		    }
		    return a;
		}
	}

}

