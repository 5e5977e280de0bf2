package done

import (
	"testing"
	"time"
)

func TestNotify(t *testing.T) {
	<-Notify(3)
	time.Sleep(100 * time.Millisecond)
}
