package shim

// Upstream waits 2 s before it first inspects a network it created, 2 s before it
// first tries to remove a network, and 2 s before it first tries to remove a volume,
// then polls every 5 s: four fixed seconds on the critical path of every up and
// down of a stack with networks and a volume. These replacements do the same Docker
// API calls and set the same attributes, and poll only where Docker can really say
// "not yet" (a network with endpoints still attached, a volume still in use), every
// 50 ms, backing off to 500 ms. The attributes set by readNetwork are those the
// resource's schema declares; a field this code does not know stays as upstream left it.

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/containerd/errdefs"
	"github.com/docker/docker/api/types/network"
	"github.com/docker/docker/client"
	"github.com/hashicorp/terraform-plugin-sdk/v2/diag"
	"github.com/hashicorp/terraform-plugin-sdk/v2/helper/schema"
	"github.com/terraform-providers/terraform-provider-docker/internal/provider"
)

// As long as upstream waits at most for the same conditions.
const removeTimeout = 30 * time.Second

func withoutFixedWaits(p *schema.Provider) {
	if r, ok := p.ResourcesMap["docker_network"]; ok {
		r.CreateContext = createNetwork
		r.ReadContext = readNetwork
		r.DeleteContext = deleteNetwork
	}
	if r, ok := p.ResourcesMap["docker_volume"]; ok {
		r.DeleteContext = deleteVolume
	}
}

func dockerClient(ctx context.Context, d *schema.ResourceData, meta interface{}) (*client.Client, error) {
	c, err := meta.(*provider.ProviderConfig).MakeClient(ctx, d)
	if err != nil {
		return nil, fmt.Errorf("failed to create Docker client: %w", err)
	}
	return c, nil
}

// retryUntil calls attempt until it reports done or fails, sleeping between tries
// (50 ms, doubling up to 500 ms), for at most removeTimeout.
func retryUntil(ctx context.Context, what string, attempt func() (done bool, err error)) error {
	deadline := time.Now().Add(removeTimeout)
	pause := 50 * time.Millisecond
	for {
		done, err := attempt()
		if err != nil || done {
			return err
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s: still not done after %s", what, removeTimeout)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(pause):
		}
		pause = min(pause*2, 500*time.Millisecond)
	}
}

func stringMap(raw interface{}) map[string]string {
	out := map[string]string{}
	for key, value := range raw.(map[string]interface{}) {
		out[key] = value.(string)
	}
	return out
}

func labelMap(raw interface{}) map[string]string {
	out := map[string]string{}
	for _, item := range raw.(*schema.Set).List() {
		pair := item.(map[string]interface{})
		out[pair["label"].(string)] = pair["value"].(string)
	}
	return out
}

func labelList(labels map[string]string) []interface{} {
	out := make([]interface{}, 0, len(labels))
	for key, value := range labels {
		out = append(out, map[string]interface{}{"label": key, "value": value})
	}
	return out
}

func networkCreateOptions(d *schema.ResourceData) network.CreateOptions {
	options := network.CreateOptions{}
	if v, ok := d.GetOk("labels"); ok {
		options.Labels = labelMap(v)
	}
	if v, ok := d.GetOk("driver"); ok {
		options.Driver = v.(string)
	}
	if v, ok := d.GetOk("options"); ok {
		options.Options = stringMap(v)
	}
	options.Internal = d.Get("internal").(bool)
	options.Attachable = d.Get("attachable").(bool)
	options.Ingress = d.Get("ingress").(bool)
	if v, ok := d.GetOk("ipv6"); ok {
		enabled := v.(bool)
		options.EnableIPv6 = &enabled
	}
	ipam := &network.IPAM{}
	ipamSet := false
	if v, ok := d.GetOk("ipam_driver"); ok {
		ipam.Driver, ipamSet = v.(string), true
	}
	if v, ok := d.GetOk("ipam_options"); ok {
		ipam.Options, ipamSet = stringMap(v), true
	}
	if v, ok := d.GetOk("ipam_config"); ok {
		for _, item := range v.(*schema.Set).List() {
			raw := item.(map[string]interface{})
			config := network.IPAMConfig{Subnet: raw["subnet"].(string), IPRange: raw["ip_range"].(string), Gateway: raw["gateway"].(string)}
			if aux, ok := raw["aux_address"].(map[string]interface{}); ok && len(aux) > 0 {
				config.AuxAddress = stringMap(aux)
			}
			ipam.Config = append(ipam.Config, config)
		}
		ipamSet = true
	}
	if ipamSet {
		options.IPAM = ipam
	}
	return options
}

func createNetwork(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	c, err := dockerClient(ctx, d, meta)
	if err != nil {
		return diag.FromErr(err)
	}
	created, err := c.NetworkCreate(ctx, d.Get("name").(string), networkCreateOptions(d))
	if err != nil {
		return diag.Errorf("Unable to create network: %s", err)
	}
	d.SetId(created.ID)
	return readNetwork(ctx, d, meta)
}

func ipamConfigList(configs []network.IPAMConfig) []interface{} {
	out := make([]interface{}, 0, len(configs))
	for _, config := range configs {
		item := map[string]interface{}{}
		if config.Subnet != "" {
			item["subnet"] = config.Subnet
		}
		if config.IPRange != "" {
			item["ip_range"] = config.IPRange
		}
		if config.Gateway != "" {
			item["gateway"] = config.Gateway
		}
		if len(config.AuxAddress) > 0 {
			aux := map[string]interface{}{}
			for key, value := range config.AuxAddress {
				aux[key] = value
			}
			item["aux_address"] = aux
		}
		out = append(out, item)
	}
	return out
}

func readNetwork(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	c, err := dockerClient(ctx, d, meta)
	if err != nil {
		return diag.FromErr(err)
	}
	var found network.Inspect
	err = retryUntil(ctx, "network "+d.Id()+" to expose its options", func() (bool, error) {
		found, err = c.NetworkInspect(ctx, d.Id(), network.InspectOptions{})
		if err != nil {
			return false, err
		}
		// A swarm network reports its options a moment after it exists (upstream waits
		// for them too); a local one has them at once.
		return found.Scope != "overlay" || len(found.Options) > 0, nil
	})
	if errdefs.IsNotFound(err) {
		d.SetId("")
		return nil
	}
	if err != nil {
		return diag.Errorf("Unable to inspect network %s: %s", d.Id(), err)
	}
	for key, value := range map[string]interface{}{
		"name":         found.Name,
		"labels":       labelList(found.Labels),
		"driver":       found.Driver,
		"internal":     found.Internal,
		"attachable":   found.Attachable,
		"ingress":      found.Ingress,
		"ipv6":         found.EnableIPv6,
		"ipam_driver":  found.IPAM.Driver,
		"ipam_options": found.IPAM.Options,
		"scope":        found.Scope,
		"options":      found.Options,
		"ipam_config":  ipamConfigList(found.IPAM.Config),
	} {
		if err := d.Set(key, value); err != nil {
			return diag.Errorf("network %s: setting %s: %s", d.Id(), key, err)
		}
	}
	return nil
}

// removeUntilGone calls remove until Docker says the object is gone, retrying while
// stillHeld says a just-removed container still holds it, then forgets the resource.
func removeUntilGone(ctx context.Context, d *schema.ResourceData, meta interface{}, what string, remove func(*client.Client) error, stillHeld func(error) bool) diag.Diagnostics {
	c, err := dockerClient(ctx, d, meta)
	if err != nil {
		return diag.FromErr(err)
	}
	err = retryUntil(ctx, "removing "+what+" "+d.Id(), func() (bool, error) {
		err := remove(c)
		switch {
		case err == nil, errdefs.IsNotFound(err):
			return true, nil
		case stillHeld(err):
			return false, nil
		default:
			return false, err
		}
	})
	if err != nil {
		return diag.FromErr(err)
	}
	d.SetId("")
	return nil
}

func deleteNetwork(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	return removeUntilGone(ctx, d, meta, "network",
		func(c *client.Client) error { return c.NetworkRemove(ctx, d.Id()) },
		// Containers that were just removed may still be detaching; the API tells this
		// case apart only by its message.
		func(err error) bool { return strings.Contains(strings.ToLower(err.Error()), "has active endpoints") })
}

func deleteVolume(ctx context.Context, d *schema.ResourceData, meta interface{}) diag.Diagnostics {
	return removeUntilGone(ctx, d, meta, "volume",
		func(c *client.Client) error { return c.VolumeRemove(ctx, d.Id(), true) },
		// A container that was just removed may still hold it.
		func(err error) bool {
			return errdefs.IsConflict(err) || strings.Contains(strings.ToLower(err.Error()), "volume is in use")
		})
}
