package sqlite_test
import ("testing";"fmt";"forkcast/app/show";"time")
func BenchmarkXBatch(b *testing.B){ for i:=0;i<b.N;i++{ e,db,_:=openEngine(b,nil); show.DebugCommits.Store(0); show.DebugTexts.Store(0); st:=time.Now(); ingestConcurrently(b,e,benchMessages(20000,fmt.Sprint("x",i),time.Now()),64,1); fmt.Println("rate",20000/time.Since(st).Seconds(),"commits",show.DebugCommits.Load(),"avg batch",float64(show.DebugTexts.Load())/float64(show.DebugCommits.Load())); e.Close(); db.Close()} }
