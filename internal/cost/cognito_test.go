package cost

import (
	"math"
	"strings"
	"testing"
)

// The user pool runs on the Lite feature plan (terraform/base-infra/cognito.tf,
// user_pool_tier = "LITE"), so MAU above the free 10,000 are priced at the Lite bands of
// https://aws.amazon.com/cognito/pricing/, not at Essentials' $0.015.
func TestCognitoIsPricedAtTheLitePlan(t *testing.T) {
	cases := []struct {
		mau  int
		want float64
	}{
		{mau: 0, want: 0},
		{mau: 10, want: 0},
		{mau: 10_000, want: 0},
		{mau: 10_001, want: 0.0055},
		{mau: 20_000, want: 55},                            // 10,000 x $0.0055 (Essentials: $150)
		{mau: 100_000, want: 495},                          // 90,000 x $0.0055
		{mau: 150_000, want: 495 + 230},                    // + 50,000 x $0.0046
		{mau: 2_000_000, want: 495 + 4140 + 3250},          // + 900,000 x $0.0046 + 1,000,000 x $0.00325
		{mau: 11_000_000, want: 495 + 4140 + 29250 + 2500}, // + 9,000,000 x $0.00325 + 1,000,000 x $0.0025
	}
	for _, c := range cases {
		u := DefaultUsage
		u.MonthlyActiveUsers = c.mau
		e, err := Calculate(SeedProfile, u)
		if err != nil {
			t.Fatal(err)
		}
		var line *Line
		for i := range e.Lines {
			if strings.HasPrefix(e.Lines[i].Item, "Cognito user pool") {
				line = &e.Lines[i]
			}
		}
		if line == nil {
			t.Fatalf("%d MAU: no Cognito line in the estimate", c.mau)
		}
		if math.Abs(line.Monthly-round2(c.want)) > 0.005 {
			t.Errorf("%d MAU: Cognito line = $%.2f, want $%.2f (Lite plan rates)", c.mau, line.Monthly, c.want)
		}
		if !strings.Contains(line.Rate, "Lite") {
			t.Errorf("%d MAU: Cognito rate %q does not name the Lite plan the pool uses", c.mau, line.Rate)
		}
	}
}
